import type { HealthResult, PluginJobs, PluginServices, TrustedPluginContext } from '@bacon/sdk';
import type { HostServices } from '../kernel/host-module.js';
import type { PluginRecord } from './plugin-record.js';
import { PluginErrors } from './plugin-errors.js';
import { settingsFor } from './plugin-settings.js';

/** Reads a plugin's own secret for a tenant (the plugins module's secret box). */
export type SecretReader = (pluginId: string, tenantId: string, name: string) => Promise<string | undefined>;

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

/**
 * `ctx.services`: the host services the plugin declared (the host started their providers first);
 * reading one it did not declare throws, naming it.
 */
function declaredServices(record: PluginRecord, provided: Readonly<Record<string, unknown>>): PluginServices {
  const declared = new Set<string>(record.def.services ?? []);
  return new Proxy({} as PluginServices, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      if (!declared.has(name)) {
        throw PluginErrors.serviceMissing(
          { service: name },
          `plugin "${record.id}" reads service "${name}" without declaring it in its services list`,
        );
      }
      return provided[name];
    },
  });
}

/**
 * What a trusted plugin's `init` receives: its own route scope, child logger, the database, bus,
 * namespaced jobs, the metrics registry, the host services it declared, its settings, the APIs of
 * its declared dependencies and a way to add health checks.
 */
export async function createTrustedContext(
  record: PluginRecord,
  services: HostServices,
  provided: Readonly<Record<string, unknown>>,
  lookup: (id: string) => PluginRecord | undefined,
  secrets: SecretReader = async () => undefined,
): Promise<TrustedPluginContext> {
  const { id, version, def } = record;
  return {
    id,
    version,
    log: services.log.child({ plugin: id }),
    routes: services.routes.scope(routePrefix(record), id),
    db: services.db.knex,
    dbKind: services.db.kind,
    bus: services.bus,
    events: services.events.forPlugin(id),
    jobs: scopedJobs(services, id),
    metrics: services.metrics.registry,
    services: declaredServices(record, provided),
    settings: await settingsFor(services.db.knex, def, '*'),
    settingsFor: (tenantId: string) => settingsFor(services.db.knex, def, tenantId),
    secretFor: (tenantId: string, name: string) => secrets(id, tenantId, name),
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
