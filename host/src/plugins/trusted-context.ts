import type { HealthResult, PluginAudit, PluginDirectory, PluginJobs, TrustedPluginContext } from '@bacon/sdk';
import type { HostServices } from '../host.js';
import type { PluginRecord } from './plugin-record.js';
import { PluginErrors } from './plugin-errors.js';
import { settingsFor } from './plugin-settings.js';

/** `/api/v1/<prefix>`: the manifest's `http.prefix`, default the id; '' is /api/v1 itself. */
export function routePrefix(record: PluginRecord): string {
  const p = record.def.http?.prefix ?? record.id;
  return p ? `/api/v1/${p}` : '/api/v1';
}

/** Queue names are namespaced by the plugin id so two plugins never share a queue. */
export function scopedJobs(services: HostServices, pluginId: string): PluginJobs {
  const q = (name: string) => `${pluginId}.${name}`;
  return {
    send: (queue, data, opts) => services.jobs.send(q(queue), data, opts),
    work: (queue, handler) => services.jobs.work(q(queue), handler),
    cancel: (queue, id) => services.jobs.cancel(q(queue), id),
  };
}

/** The auth module sets `directory` and `audit` when it starts; until then a call says so clearly. */
function lateService<T extends object>(services: HostServices, key: 'directory' | 'audit', methods: (keyof T)[]): T {
  const out = {} as Record<keyof T, unknown>;
  for (const m of methods) {
    out[m] = (...args: unknown[]) => {
      const svc = services[key] as unknown as Record<keyof T, (...a: unknown[]) => unknown> | undefined;
      if (!svc) throw PluginErrors.serviceMissing({ service: key }, `The host has no ${key} service (the auth module provides it).`);
      return svc[m](...args);
    };
  }
  return out as T;
}

/**
 * What a trusted plugin's `init` receives: its own route scope, child logger, the database, bus,
 * namespaced jobs, the metrics registry, the auth module's directory and audit, its settings, the
 * APIs of its declared dependencies and a way to add health checks.
 */
export async function createTrustedContext(record: PluginRecord, services: HostServices, lookup: (id: string) => PluginRecord | undefined): Promise<TrustedPluginContext> {
  const { id, version, def } = record;
  return {
    id,
    version,
    log: services.log.child({ plugin: id }),
    routes: services.routes.scope(routePrefix(record), id),
    db: services.db.knex,
    dbKind: services.db.kind,
    bus: services.bus,
    jobs: scopedJobs(services, id),
    metrics: services.metrics.registry,
    directory: lateService<PluginDirectory>(services, 'directory', ['getUser', 'listUsers']),
    audit: lateService<PluginAudit>(services, 'audit', ['record']),
    settings: await settingsFor(services.db.knex, def, '*'),
    settingsFor: (tenantId: string) => settingsFor(services.db.knex, def, tenantId),
    realtime: services.realtime,
    use<T>(pluginId: string): T {
      if (!def.dependencies || !(pluginId in def.dependencies)) {
        throw new Error(`plugin "${id}" uses "${pluginId}" without declaring it in its dependencies`);
      }
      const dep = lookup(pluginId);
      if (!dep || dep.state !== 'running') throw new Error(`plugin "${id}": dependency "${pluginId}" is not running`);
      return dep.api as T;
    },
    addHealthCheck(check: () => Promise<HealthResult>) {
      record.healthChecks.push(check);
    },
  };
}
