import type { Context } from 'koa';
import type { Knex } from 'knex';
import type { PluginAudit } from '@bacon/sdk';
import type { RouteRegistry } from '../http/route-registry.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import { tenantOf } from '../auth/tenant-scope.js';
import { actorOf } from '../security/audit-log.js';
import {
  deploymentInEu,
  overrideCovers,
  pluginRegionsOutsideEu,
  readOverrides,
  readResidency,
  writeResidency,
  type DataResidency,
} from './data-residency.js';
import { ResidencyErrorCatalog } from './residency-errors.js';

export interface ResidencyRouteDeps {
  knex: Knex;
  plugins: PluginRuntime;
  audit: PluginAudit;
  config: { dataRegion?: string };
}

const REGIONS = { type: 'array', items: { type: 'string' } };
const VIEW = {
  type: 'object',
  required: ['dataResidency', 'deploymentRegion', 'deploymentInEu', 'plugins', 'overrides'],
  properties: {
    dataResidency: { type: 'string', enum: ['eu', 'any'] },
    deploymentRegion: { type: ['string', 'null'] },
    deploymentInEu: { type: 'boolean' },
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'regions', 'outsideEu'],
        properties: { id: { type: 'string' }, regions: REGIONS, outsideEu: REGIONS, note: { type: 'string' } },
      },
    },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pluginId', 'regions', 'reason', 'createdAt'],
        properties: {
          pluginId: { type: 'string' },
          regions: REGIONS,
          reason: { type: 'string' },
          actorId: { type: ['string', 'null'] },
          createdAt: { type: 'string' },
        },
      },
    },
  },
};

/** Enabled plugins of the tenant (sandboxed ones by their install; trusted ones always run). */
async function enabledPlugins(deps: ResidencyRouteDeps, tenantId: string): Promise<Set<string>> {
  const on = (await deps.knex('plugin_installs').where({ tenant_id: tenantId, enabled: true }).pluck('plugin_id')) as string[];
  return new Set([...on, ...deps.plugins.records.filter((r) => r.tier === 'trusted').map((r) => r.id)]);
}

/**
 * `/api/v1/data-residency`: the tenant's EU-only storage flag, the deployment's declared region, and
 * where each installed plugin sends data. Turning `eu` on is refused on a deployment outside the EU
 * (422) and while an enabled plugin sends data outside the EU without an override (409).
 */
export function registerResidencyRoutes(routes: RouteRegistry, deps: ResidencyRouteDeps): void {
  const view = async (tenantId: string) => ({
    dataResidency: await readResidency(deps.knex, tenantId),
    deploymentRegion: deps.config.dataRegion ?? null,
    deploymentInEu: deploymentInEu(deps.config),
    plugins: deps.plugins.records.map((r) => ({
      id: r.id,
      regions: r.def.egress?.regions ?? [],
      outsideEu: pluginRegionsOutsideEu(r.def),
      ...(r.def.egress?.note ? { note: r.def.egress.note } : {}),
    })),
    overrides: await readOverrides(deps.knex, tenantId),
  });

  routes.add({
    method: 'get',
    path: '/api/v1/data-residency',
    auth: 'admin',
    summary: "The tenant's EU-only storage flag, the deployment's region and each plugin's declared egress",
    tags: ['compliance'],
    schema: { response: { 200: VIEW } },
    handler: (ctx: Context) => view(tenantOf(ctx)),
  });

  routes.add({
    method: 'put',
    path: '/api/v1/data-residency',
    auth: 'admin',
    summary: 'Sets EU-only storage on (`eu`) or off (`any`); audited',
    tags: ['compliance'],
    schema: {
      body: {
        type: 'object',
        required: ['dataResidency'],
        additionalProperties: false,
        properties: { dataResidency: { type: 'string', enum: ['eu', 'any'] } },
      },
      response: { 200: VIEW },
    },
    handler: async (ctx: Context) => {
      const tenantId = tenantOf(ctx);
      const wanted = (ctx.request as unknown as { body: { dataResidency: DataResidency } }).body.dataResidency;
      const before = await readResidency(deps.knex, tenantId);
      if (wanted === 'eu') {
        if (!deploymentInEu(deps.config))
          throw ResidencyErrorCatalog.regionMismatch({ deploymentRegion: deps.config.dataRegion ?? null, dataResidency: 'eu' });
        const on = await enabledPlugins(deps, tenantId);
        const overrides = await readOverrides(deps.knex, tenantId);
        const conflicts = deps.plugins.records
          .filter((r) => on.has(r.id))
          .map((r) => ({ id: r.id, regions: pluginRegionsOutsideEu(r.def) }))
          .filter(
            (p) =>
              p.regions.length &&
              !overrideCovers(
                overrides.find((o) => o.pluginId === p.id),
                p.regions,
              ),
          );
        if (conflicts.length) throw ResidencyErrorCatalog.pluginConflict({ plugins: conflicts });
      }
      if (wanted !== before) {
        await writeResidency(deps.knex, tenantId, wanted);
        await deps.audit.record({
          ...actorOf(ctx),
          action: 'tenant.data_residency.updated',
          targetType: 'tenant',
          targetId: tenantId,
          before: { dataResidency: before },
          after: { dataResidency: wanted },
        });
      }
      return view(tenantId);
    },
  });
}
