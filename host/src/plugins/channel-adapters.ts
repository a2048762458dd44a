import type { Knex } from 'knex';
import type { ChannelMethod, ChannelPluginInfo, PluginChannelAdapters } from '@bacon/sdk';
import type { PluginCalls } from './plugin-calls.js';
import type { PluginRecord } from './plugin-record.js';
import { PluginErrors } from './plugin-errors.js';
import { INSTALL_TENANT } from './install-store.js';
import { CHANNEL_METHODS } from './sandbox/runner-protocol.js';

function infoOf(r: PluginRecord): ChannelPluginInfo | undefined {
  const c = r.def.channel as unknown as Record<string, unknown> | undefined;
  if (r.state !== 'running' || !c || typeof c.name !== 'string') return undefined;
  return {
    pluginId: r.id,
    tier: r.tier,
    name: c.name,
    supports: Array.isArray(c.supports) ? c.supports.filter((s): s is string => typeof s === 'string') : ['text'],
    methods: CHANNEL_METHODS.filter((m) => typeof c[m] === 'function'),
    pollIntervalSeconds: typeof c.pollIntervalSeconds === 'number' ? c.pollIntervalSeconds : undefined,
    webhookSources: Array.isArray(c.webhookSources) ? c.webhookSources.filter((s): s is string => typeof s === 'string') : undefined,
  };
}

/** The `channelAdapters` host service: the plugins' channel offers, called through PluginCalls. */
export function channelAdapters(
  runtime: { records: PluginRecord[]; get(id: string): PluginRecord | undefined },
  calls: PluginCalls,
  knex: Knex,
): PluginChannelAdapters {
  return {
    list: () => runtime.records.flatMap((r) => infoOf(r) ?? []),
    get: (pluginId) => {
      const r = runtime.get(pluginId);
      return r ? infoOf(r) : undefined;
    },
    async call<T>(pluginId: string, method: ChannelMethod, input: unknown, tenantId: string) {
      const r = runtime.get(pluginId);
      const info = r && infoOf(r);
      if (!info) throw PluginErrors.notFound({ pluginId });
      if (!info.methods.includes(method))
        throw PluginErrors.notImplemented({ pluginId, method }, `${pluginId}: the channel does not define ${method}`);
      return (await calls.invoke(pluginId, 'channel', method, input, tenantId)) as T;
    },
    async enabledTenants(pluginId) {
      const rows = await knex('plugin_installs')
        .where({ plugin_id: pluginId, enabled: true })
        .whereNot('tenant_id', INSTALL_TENANT)
        .select('tenant_id');
      return rows.map((r: { tenant_id: string }) => r.tenant_id);
    },
  };
}
