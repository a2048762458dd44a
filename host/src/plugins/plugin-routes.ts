import type { HttpContext, PluginRoutes, RouteSchemas } from '@bacon/sdk';
import type { RouteRegistry } from '../http/route-registry.js';
import type { PluginRuntime } from './plugin-runtime.js';
import type { PluginCalls } from './plugin-calls.js';
import type { InstallCache } from './install-cache.js';
import { PluginErrors } from './plugin-errors.js';
import { PLUGIN_VIEW_SCHEMA, pluginView, tenantOf } from './plugin-view.js';
import type { PluginRecord } from './plugin-record.js';
import type { Breakers } from './breakers.js';

export interface PluginRouteDeps {
  runtime: PluginRuntime;
  calls: PluginCalls;
  installs: InstallCache;
  breakers: Breakers;
}

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' } } };
const error = { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'] } } };
const health = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' }, detail: { type: 'string' } } };

export function recordOf(runtime: PluginRuntime, ctx: HttpContext): PluginRecord {
  const r = runtime.get(ctx.params.id!);
  if (!r) throw PluginErrors.notFound({ pluginId: ctx.params.id });
  return r;
}

/** GET /api/v1/plugins, /:id, /:id/schema, /:id/health; POST /:id/actions/:action; the webhook trigger route. */
export function registerPluginRoutes(routes: RouteRegistry, deps: PluginRouteDeps): void {
  const api: PluginRoutes = routes.scope('/api/v1/plugins', 'host');
  const { runtime, calls, installs, breakers } = deps;
  const schema = (s: RouteSchemas) => s;

  api.get('/', {
    auth: 'agent',
    summary: "Installed plugins, with their state and this tenant's grants",
    tags: ['plugins'],
    schema: {
      response: { 200: { type: 'object', required: ['plugins'], properties: { plugins: { type: 'array', items: PLUGIN_VIEW_SCHEMA } } } },
    },
    handler: async (ctx) => {
      const tenantId = tenantOf(ctx);
      const plugins = [];
      for (const r of runtime.records) plugins.push(await pluginView(runtime, r, (await installs.get(r.def, tenantId)).install, breakers));
      return { plugins };
    },
  });

  api.get('/:id', {
    auth: 'agent',
    summary: 'One plugin',
    tags: ['plugins'],
    schema: { params: idParams, response: { 200: PLUGIN_VIEW_SCHEMA, 404: error } },
    handler: async (ctx) => {
      const r = recordOf(runtime, ctx);
      return pluginView(runtime, r, (await installs.get(r.def, tenantOf(ctx))).install, breakers);
    },
  });

  api.get('/:id/schema', {
    auth: 'admin',
    summary: "A plugin's settings schema, capabilities, actions and triggers",
    tags: ['plugins'],
    schema: { params: idParams },
    handler: (ctx) => {
      const { def } = recordOf(runtime, ctx);
      const strip = (o: Record<string, Record<string, unknown>> | undefined, keep: string[]) =>
        Object.fromEntries(
          Object.entries(o ?? {}).map(([k, v]) => [k, Object.fromEntries(keep.filter((f) => v[f] !== undefined).map((f) => [f, v[f]]))]),
        );
      return {
        settings: def.settings ?? { schema: { type: 'object', properties: {} } },
        capabilities: def.capabilities ?? [],
        actions: strip(def.actions as never, ['title', 'description', 'input', 'output', 'idempotent', 'timeoutMs']),
        triggers: strip(def.triggers as never, ['title', 'description', 'source', 'payload', 'topic', 'intervalSeconds']),
      };
    },
  });

  api.get('/:id/health', {
    auth: 'agent',
    summary: "A plugin's health: its runtime state, then its own check for this tenant",
    tags: ['plugins'],
    schema: { params: idParams, response: { 200: health } },
    handler: async (ctx) => {
      const r = recordOf(runtime, ctx);
      const base = await runtime.health(r);
      if (!base.ok || !r.def.healthCheck) return base;
      try {
        const res = (await calls.invoke(r.id, 'healthCheck', '', null, tenantOf(ctx))) as { ok?: boolean; detail?: string } | undefined;
        return { ok: res?.ok === true, ...(res?.detail ? { detail: String(res.detail) } : {}) };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      }
    },
  });

  api.post('/:id/actions/:action', {
    auth: 'admin',
    summary: "Runs one of a plugin's actions for this tenant",
    tags: ['plugins'],
    schema: schema({
      params: {
        type: 'object',
        required: ['id', 'action'],
        properties: { id: idParams.properties.id, action: { type: 'string', maxLength: 64 } },
      },
      body: { type: 'object', required: ['input'], properties: { input: {} } },
    }),
    handler: async (ctx) => ({
      output: await calls.invoke(
        ctx.params.id!,
        'action',
        ctx.params.action!,
        (ctx.request.body as { input: unknown }).input,
        tenantOf(ctx),
      ),
    }),
  });

  api.post('/:id/triggers/:trigger/:tenantId', {
    auth: 'public',
    summary: 'A provider webhook for a plugin trigger; the plugin checks its signature',
    tags: ['plugins'],
    rawBody: true,
    schema: {
      params: {
        type: 'object',
        required: ['id', 'trigger', 'tenantId'],
        properties: {
          id: idParams.properties.id,
          trigger: { type: 'string', maxLength: 64 },
          tenantId: { type: 'string', minLength: 1, maxLength: 128 },
        },
      },
    },
    handler: async (ctx) => {
      const headers = Object.fromEntries(
        Object.entries(ctx.request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
      );
      const request = {
        headers,
        body: ctx.request.rawBody?.toString('utf8') ?? '',
        query: Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, String(v)])),
      };
      const out = await calls.fireTrigger(ctx.params.id!, ctx.params.trigger!, request, ctx.params.tenantId!);
      ctx.status = 202;
      return { accepted: out };
    },
  });
}
