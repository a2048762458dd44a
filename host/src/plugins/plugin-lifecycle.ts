import type { HealthResult } from '@bacon/sdk';
import type { HostServices } from '../kernel/host-module.js';
import type { PluginRecord } from './plugin-record.js';
import { createTrustedContext, type SecretReader } from './trusted-context.js';
import { PluginLoadErrors } from './plugin-errors.js';
import type { InitPolicy } from './load-plugins.js';

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(onTimeout()), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/**
 * Runs `init` of each plugin in order, one at a time, each under a timeout. A plugin whose init
 * fails (or one of whose dependencies failed) is marked failed; under `abort` the boot stops.
 */
export async function initPlugins(
  records: readonly PluginRecord[],
  services: HostServices,
  provided: Readonly<Record<string, unknown>>,
  opts: { timeoutMs: number; policy: InitPolicy; secrets?: SecretReader },
): Promise<void> {
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const r of records) {
    const failedDep = Object.keys(r.def.dependencies ?? {}).find((d) => byId.get(d)?.state !== 'running');
    try {
      if (failedDep) throw PluginLoadErrors.initFailed(r.id, `plugin "${r.id}" not started: its dependency "${failedDep}" is not running`);
      if (r.tier === 'trusted' && r.def.init) {
        const ctx = await createTrustedContext(r, services, provided, (id) => byId.get(id), opts.secrets);
        r.api = await withTimeout(
          Promise.resolve().then(() => r.def.init!(ctx)),
          opts.timeoutMs,
          () => PluginLoadErrors.initTimeout(r.id, `plugin "${r.id}": init did not finish within ${opts.timeoutMs} ms`),
        );
      }
      r.state = 'running';
      services.log.info({ plugin: r.id, version: r.version, tier: r.tier }, 'plugin started');
    } catch (err) {
      r.state = 'failed';
      r.error = (err as Error).message;
      services.log.error({ plugin: r.id, err }, 'plugin failed to start');
      if (opts.policy === 'abort') {
        throw err instanceof Error && err.name === 'PluginLoadError'
          ? err
          : PluginLoadErrors.initFailed(r.id, `plugin "${r.id}": init failed: ${(err as Error).message}`);
      }
    }
  }
}

/** Shuts plugins down in reverse init order; one that throws is logged and the rest still run. */
export async function shutdownPlugins(records: readonly PluginRecord[], log: HostServices['log']): Promise<void> {
  for (const r of [...records].reverse()) {
    if (r.state !== 'running') continue;
    try {
      if (r.tier === 'trusted') await r.def.shutdown?.();
    } catch (err) {
      log.error({ plugin: r.id, err }, 'plugin failed to shut down cleanly');
    }
    r.state = 'stopped';
  }
}

/** A plugin's readiness: its state, then every health check it registered. */
export async function pluginHealth(r: PluginRecord, extra?: () => Promise<HealthResult>): Promise<HealthResult> {
  if (r.state !== 'running') return { ok: false, detail: r.error ?? r.state };
  for (const check of [...r.healthChecks, ...(extra ? [extra] : [])]) {
    try {
      const res = await check();
      if (!res.ok) return res;
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }
  return { ok: true };
}
