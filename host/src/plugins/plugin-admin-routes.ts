import type { CapabilityName, HttpContext, PluginAudit, PluginRoutes } from '@bacon/sdk';
import { humanizeName, readableFieldErrors, summarizeFieldErrors } from '@bacon/sdk';
import type { Knex } from 'knex';
import type { RouteRegistry } from '../http/route-registry.js';
import { createAjv } from '../http/ajv.js';
import type { PluginRuntime } from './plugin-runtime.js';
import type { PluginCalls } from './plugin-calls.js';
import type { InstallCache } from './install-cache.js';
import type { SecretBox } from './secret-box.js';
import { INSTALL_TENANT, mergePatch, readInstall, writeInstall } from './install-store.js';
import { secretFields, settingsDefaults } from './plugin-settings.js';
import { PluginErrors } from './plugin-errors.js';
import { recordOf } from './plugin-routes.js';
import { tenantOf } from './plugin-view.js';
import { overrideCovers, pluginRegionsOutsideEu, readOverrides, readResidency, writeOverride } from '../compliance/data-residency.js';
import { ResidencyErrorCatalog } from '../compliance/residency-errors.js';
import { recordSecretChanges } from '../security/secret-ages.js';

/** What the API answers for a secret that is set: the value itself never leaves the host. */
export const SECRET_SENTINEL = '********';

export interface PluginAdminDeps {
  runtime: PluginRuntime;
  calls: PluginCalls;
  installs: InstallCache;
  knex: Knex;
  box: SecretBox;
  audit: PluginAudit;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' } } };
const grantsBody = {
  type: 'object',
  properties: { grants: { type: 'array', uniqueItems: true, items: { type: 'string' } } },
  additionalProperties: false,
};
const enableBody = {
  type: 'object',
  properties: {
    ...grantsBody.properties,
    residencyOverride: {
      type: 'object',
      required: ['reason'],
      additionalProperties: false,
      properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } },
    },
  },
  additionalProperties: false,
};

/** Settings (GET/PUT, secrets write-only), enable with grants, disable, test-connection. */
export function registerPluginAdminRoutes(routes: RouteRegistry, deps: PluginAdminDeps): void {
  const api: PluginRoutes = routes.scope('/api/v1/plugins', 'host');
  const { runtime, calls, installs, knex, box } = deps;
  const ajv = createAjv({ useDefaults: false, coerceTypes: false });
  const audit = async (ctx: HttpContext, action: string, pluginId: string, after?: unknown) =>
    deps.audit.record({
      tenantId: tenantOf(ctx),
      actorId: ctx.state.user?.id,
      actorKind: 'user',
      action,
      targetType: 'plugin',
      targetId: pluginId,
      after,
      ip: ctx.ip,
    });

  const view = async (pluginId: string, tenantId: string) => {
    const r = runtime.get(pluginId)!;
    const base = await readInstall(knex, INSTALL_TENANT, pluginId);
    const own = await readInstall(knex, tenantId, pluginId);
    const settings = mergePatch(mergePatch(settingsDefaults(r.def.settings?.schema), base?.settings ?? {}), own?.settings ?? {}) as Record<
      string,
      unknown
    >;
    for (const f of secretFields(r.def.settings?.schema)) {
      if (own?.secrets[f] || base?.secrets[f]) settings[f] = SECRET_SENTINEL;
      else delete settings[f];
    }
    return { settings };
  };

  api.get('/:id/settings', {
    auth: 'admin',
    summary: 'This tenant\'s settings of a plugin; a secret that is set reads as "********"',
    tags: ['plugins'],
    schema: { params: idParams },
    handler: (ctx) => view(recordOf(runtime, ctx).id, tenantOf(ctx)),
  });

  api.put('/:id/settings', {
    auth: 'admin',
    summary: 'Replaces this tenant\'s settings; secrets: a new value sets, "********" keeps, null clears',
    tags: ['plugins'],
    schema: { params: idParams, body: { type: 'object' } },
    handler: async (ctx) => {
      const r = recordOf(runtime, ctx);
      const tenantId = tenantOf(ctx);
      const body = ctx.request.body as Record<string, unknown>;
      const secrets = secretFields(r.def.settings?.schema);
      const own = await readInstall(knex, tenantId, r.id);
      const base = await readInstall(knex, INSTALL_TENANT, r.id);
      const sealed = { ...(own?.secrets ?? {}) };
      const plain: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) {
        if (!secrets.includes(k)) plain[k] = v;
        else if (v === null) delete sealed[k];
        else if (v !== SECRET_SENTINEL) {
          if (typeof v !== 'string') {
            const message = `${humanizeName(k)} must be text.`;
            throw PluginErrors.settingsInvalid({ errors: [{ field: `settings/${k}`, message }] }, message);
          }
          sealed[k] = box.seal(v);
        }
      }
      const merged = mergePatch(mergePatch(settingsDefaults(r.def.settings?.schema), base?.settings ?? {}), plain) as Record<
        string,
        unknown
      >;
      for (const f of secrets)
        if (sealed[f] || base?.secrets[f]) merged[f] = 'x'.repeat(Math.max(1, box.open(sealed[f] ?? base!.secrets[f]!).length));
      if (r.def.settings) {
        const validate = ajv.compile(r.def.settings.schema);
        if (!validate(merged)) {
          const errors = readableFieldErrors('settings', validate.errors ?? [], r.def.settings.schema);
          throw PluginErrors.settingsInvalid({ errors }, summarizeFieldErrors(errors, 'The settings do not match the plugin schema.'));
        }
      }
      await writeInstall(knex, tenantId, r.id, { settings: plain, secrets: sealed });
      await recordSecretChanges(knex, tenantId, r.id, body, secrets, SECRET_SENTINEL);
      installs.invalidate(r.id);
      await audit(ctx, 'plugin.settings.update', r.id, { fields: Object.keys(body) });
      return view(r.id, tenantId);
    },
  });

  api.post('/:id/enable', {
    auth: 'admin',
    summary: 'Enables a plugin for this tenant, granting the listed capabilities (the rest stay denied)',
    tags: ['plugins'],
    schema: { params: idParams, body: enableBody },
    handler: async (ctx) => {
      const r = recordOf(runtime, ctx);
      const tenantId = tenantOf(ctx);
      const body = ctx.request.body as { grants?: string[]; residencyOverride?: { reason: string } };
      const grants = (body.grants ?? []) as CapabilityName[];
      const requested = new Set((r.def.capabilities ?? []).map((c) => c.name));
      const extra = grants.filter((g) => !requested.has(g));
      if (extra.length) throw PluginErrors.grantNotRequested({ grants: extra, requested: [...requested] });
      // EU-only storage: a plugin whose egress leaves the EU needs an admin's override, recorded and audited.
      const outside = pluginRegionsOutsideEu(r.def);
      const euOnly = outside.length > 0 && (await readResidency(knex, tenantId)) === 'eu';
      const overriding = euOnly ? body.residencyOverride : undefined;
      if (euOnly && !overriding) {
        const existing = (await readOverrides(knex, tenantId)).find((o) => o.pluginId === r.id);
        if (!overrideCovers(existing, outside))
          throw ResidencyErrorCatalog.egressOutsideEu({ pluginId: r.id, regions: outside, dataResidency: 'eu' });
      }
      const before = await readInstall(knex, tenantId, r.id);
      await writeInstall(knex, tenantId, r.id, { enabled: true, grants, disabledReason: null, disabledAt: null });
      installs.invalidate(r.id);
      try {
        await calls.invoke(r.id, 'activate', '', null, tenantId);
      } catch (err) {
        await writeInstall(knex, tenantId, r.id, {
          enabled: before?.enabled ?? false,
          grants: before?.grants ?? [],
          disabledReason: before?.disabledReason ?? null,
          disabledAt: before?.disabledAt ?? null,
        });
        installs.invalidate(r.id);
        throw err;
      }
      if (overriding) {
        await writeOverride(knex, tenantId, {
          pluginId: r.id,
          regions: outside,
          reason: overriding.reason,
          actorId: ctx.state.user?.id ?? null,
        });
        await audit(ctx, 'plugin.residency_override', r.id, { regions: outside, reason: overriding.reason });
      }
      await audit(ctx, 'plugin.enable', r.id, { grants });
      return { id: r.id, enabled: true, grants };
    },
  });

  api.post('/:id/disable', {
    auth: 'admin',
    summary: 'Disables a plugin for this tenant (its grants are kept for a later enable)',
    tags: ['plugins'],
    schema: { params: idParams },
    handler: async (ctx) => {
      const r = recordOf(runtime, ctx);
      const tenantId = tenantOf(ctx);
      if (r.tier === 'trusted') throw PluginErrors.trustedOnly(undefined, 'First-party plugins cannot be disabled per tenant.');
      await calls
        .invoke(r.id, 'deactivate', '', null, tenantId)
        .catch((err) => ctx.state.log?.warn({ err, plugin: r.id }, 'plugin deactivate failed'));
      const install = await writeInstall(knex, tenantId, r.id, { enabled: false, disabledReason: null, disabledAt: null });
      installs.invalidate(r.id);
      await audit(ctx, 'plugin.disable', r.id);
      return { id: r.id, enabled: false, grants: install.grants };
    },
  });

  api.post('/:id/test-connection', {
    auth: 'admin',
    summary: "Runs the plugin's connection test with this tenant's settings, and its grants (or the ones proposed in the body)",
    tags: ['plugins'],
    schema: {
      params: idParams,
      response: { 200: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, detail: { type: 'string' } } } },
    },
    handler: async (ctx) => {
      const r = recordOf(runtime, ctx);
      if (!r.def.testConnection) return { ok: true, detail: 'this plugin has no connection test' };
      const proposed = (ctx.request.body as { grants?: CapabilityName[] } | undefined)?.grants;
      if (proposed !== undefined && (!Array.isArray(proposed) || proposed.some((g) => typeof g !== 'string'))) {
        throw PluginErrors.grantNotRequested({ grants: proposed }, 'grants is a list of capability names.');
      }
      const requested = new Set((r.def.capabilities ?? []).map((c) => c.name));
      const extra = (proposed ?? []).filter((g) => !requested.has(g));
      if (extra.length) throw PluginErrors.grantNotRequested({ grants: extra, requested: [...requested] });
      try {
        const res = (await calls.invoke(r.id, 'testConnection', '', null, tenantOf(ctx), { grants: proposed })) as
          { ok?: boolean; detail?: unknown } | undefined;
        return { ok: res?.ok === true, ...(res?.detail ? { detail: String(res.detail) } : {}) };
      } catch (err) {
        return { ok: false, detail: `${(err as { code?: string }).code ?? 'error'}: ${(err as Error).message}` };
      }
    },
  });
}
