import type { HttpContext } from '@bacon/sdk';
import { Unauthorized } from '@bacon/sdk';
import type { PluginRecord } from './plugin-record.js';
import type { PluginInstall } from './install-store.js';
import type { PluginRuntime } from './plugin-runtime.js';
import type { Breakers } from './breakers.js';

/** The caller's tenant, set by the auth guard (AuthUser). */
export function tenantOf(ctx: HttpContext): string {
  const t = ctx.state.user?.tenantId;
  if (!t) throw Unauthorized('Authentication required.');
  return t;
}

export const PLUGIN_VIEW_SCHEMA = {
  type: 'object',
  required: ['id', 'version', 'tier', 'state', 'healthy', 'enabled', 'grants', 'capabilities', 'actions', 'triggers'],
  properties: {
    id: { type: 'string' },
    version: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    tier: { enum: ['trusted', 'sandboxed'] },
    state: { enum: ['loaded', 'running', 'failed', 'stopped'] },
    healthy: { type: 'boolean' },
    detail: { type: 'string' },
    enabled: { type: 'boolean' },
    disabledReason: { type: 'string', description: 'Why the plugin disabled itself for this tenant (until an admin enables it again)' },
    disabledAt: { type: 'string', format: 'date-time' },
    grants: { type: 'array', items: { type: 'string' } },
    capabilities: { type: 'array', items: { type: 'object' } },
    actions: { type: 'array', items: { type: 'string' } },
    triggers: { type: 'array', items: { type: 'string' } },
    breakers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'state'],
        properties: { name: { type: 'string' }, state: { enum: ['closed', 'open', 'halfOpen'] } },
      },
    },
  },
};

/** What the API shows of a plugin for one tenant. */
export async function pluginView(runtime: PluginRuntime, r: PluginRecord, install: PluginInstall | undefined, breakers?: Breakers) {
  const health = await runtime.health(r);
  return {
    id: r.id,
    version: r.version,
    ...(r.def.title ? { title: r.def.title } : {}),
    ...(r.def.description ? { description: r.def.description } : {}),
    tier: r.tier,
    state: r.state,
    healthy: health.ok,
    ...(health.detail ? { detail: health.detail } : {}),
    enabled: r.tier === 'trusted' ? true : !!install?.enabled,
    ...(!install?.enabled && install?.disabledReason ? { disabledReason: install.disabledReason } : {}),
    ...(!install?.enabled && install?.disabledAt ? { disabledAt: install.disabledAt } : {}),
    grants: r.tier === 'trusted' ? (r.def.capabilities ?? []).map((c) => c.name) : (install?.grants ?? []),
    capabilities: (r.def.capabilities ?? []) as object[],
    actions: Object.keys(r.def.actions ?? {}),
    triggers: Object.keys(r.def.triggers ?? {}),
    breakers: breakers?.forPlugin(r.id) ?? [],
  };
}
