import type { PluginDefinition } from '@bacon/sdk';
import type { Config } from '../config/index.js';
import type { HostServices } from '../kernel/host-module.js';
import type { PluginRecord } from './plugin-record.js';
import type { PluginSource } from './plugin-source.js';
import { loadPlugins, type LoadResult } from './load-plugins.js';
import type { SecretReader } from './trusted-context.js';
import { initPlugins, pluginHealth, shutdownPlugins } from './plugin-lifecycle.js';
import { DEFAULT_VERSIONS } from './check-compatibility.js';
import type { HealthResult } from '@bacon/sdk';
import type { PluginCalls } from './plugin-calls.js';
import type { SandboxTier } from './sandbox-tier.js';

export type { SandboxTier };

/**
 * The plugins of one host: loaded and sorted at start, inited in order, shut down in reverse,
 * with per-plugin health in /readyz. Only trusted (first-party) plugins decide readiness: a
 * sandboxed plugin's health is reported there (and in the plugins list and /metrics) but a
 * third-party plugin never takes the host out of a load balancer. Lookups for the admin routes and callers go through it.
 */
export class PluginRuntime {
  records: PluginRecord[] = [];
  refused: LoadResult['refused'] = [];
  /** Calls into plugins (set when the module starts). */
  calls?: PluginCalls;
  /** Trusted plugins' `secretFor` (set by the plugins module, which holds the secret box). */
  secrets?: SecretReader;
  private services?: HostServices;

  constructor(
    private readonly config: Readonly<Config>,
    private readonly sources: readonly PluginSource[],
    private readonly hostVersion: string,
    readonly sandbox?: SandboxTier,
  ) {}

  /** Runs a plugin action for a tenant (validated, breaker-guarded, measured). */
  invoke(pluginId: string, action: string, input: unknown, tenantId: string): Promise<unknown> {
    if (!this.calls) throw new Error('plugin runtime not started');
    return this.calls.invoke(pluginId, 'action', action, input, tenantId);
  }

  get(id: string): PluginRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  get host(): HostServices {
    if (!this.services) throw new Error('plugin runtime not started');
    return this.services;
  }

  /** Loads, sorts and inits the plugins; `provided` holds the host services they declared. */
  async start(services: HostServices, provided: Readonly<Record<string, unknown>> = {}): Promise<void> {
    this.services = services;
    const policy = this.config.pluginInitPolicy ?? 'abort';
    const loaded: { source: PluginSource; def: PluginDefinition | undefined; code?: string; sha256?: string }[] = [];
    for (const source of this.sources) {
      if (source.tier === 'trusted') {
        loaded.push({ source, def: source.definition });
        continue;
      }
      if (!this.sandbox) throw new Error(`plugin ${source.name} is sandboxed but this host has no sandbox runner`);
      try {
        loaded.push({ source, ...(await this.sandbox.load(source)) });
      } catch (err) {
        if (policy === 'abort') throw err;
        this.refused.push({ id: source.name, error: err as never });
        services.log.error({ plugin: source.name, err }, 'sandboxed plugin failed to load');
      }
    }
    const result = loadPlugins(loaded, DEFAULT_VERSIONS(this.hostVersion), policy);
    this.records = result.records;
    this.refused.push(...result.refused);
    for (const r of this.records) {
      const l = loaded.find((x) => x.def === r.def);
      r.code = l?.code;
      r.sha256 = l?.sha256;
    }
    for (const { id, error } of this.refused) services.log.error({ plugin: id, code: error.code, err: error.message }, 'plugin refused');
    for (const r of this.records) {
      services.readiness.add(`plugin:${r.id}`, async () => ({ ...(await this.health(r)) }), { required: r.tier === 'trusted' });
    }
    for (const { id } of this.refused)
      services.readiness.add(`plugin:${id}`, async () => ({ ok: false, detail: 'refused at load' }), { required: false });
    await initPlugins(this.records, services, provided, {
      timeoutMs: this.config.pluginInitTimeoutMs ?? 10000,
      policy,
      secrets: this.secrets,
    });
    for (const r of this.records)
      if (r.state === 'failed') services.readiness.add(`plugin:${r.id}`, async () => ({ ...(await this.health(r)) }), { required: false });
  }

  health(r: PluginRecord): Promise<HealthResult> {
    return pluginHealth(r, r.tier === 'sandboxed' && this.sandbox ? () => this.sandbox!.health(r) : undefined);
  }

  async stop(): Promise<void> {
    if (!this.services) return;
    await shutdownPlugins(this.records, this.services.log);
    await this.sandbox?.stop();
  }
}
