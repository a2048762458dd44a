import type Koa from 'koa';
import type http from 'node:http';
import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import type { Database } from '../db/connect.js';
import type { MigrationDir } from '../db/migrate.js';
import type { EventBus } from '../bus/index.js';
import type { Jobs } from '../jobs/jobs.js';
import type { EventLog } from '../events/event-log.js';
import type { HostMetrics } from '../metrics/metrics.js';
import type { RouteRegistry } from '../http/route-registry.js';
import type { Readiness } from '../health/readiness.js';
import type { ServiceMap, ServiceValues } from './service-ref.js';

/**
 * What the kernel itself owns, ready before any module starts (Backstage's core services). Every
 * other service is provided by a module that declares it and reaches only the modules that need it.
 */
export interface HostServices {
  config: Readonly<Config>;
  log: Logger;
  db: Database;
  bus: EventBus;
  jobs: Jobs;
  /** The durable event stream (transactional outbox, consumers, parked events). */
  events: EventLog;
  metrics: HostMetrics;
  routes: RouteRegistry;
  readiness: Readiness;
  app: Koa;
  server: http.Server;
}

/** What `setup` sees: the host as it is built, before anything connects. */
export interface ModuleSetup {
  app: Koa;
  routes: RouteRegistry;
  config: Readonly<Config>;
  log: Logger;
  metrics: HostMetrics;
  readiness: Readiness;
}

/**
 * A piece of kernel equipment (auth, realtime, the plugin loader...). It declares the services it
 * `needs` and `provides`; the host starts modules in an order where every need is started first,
 * and refuses at boot a need no module provides or a cycle, by name. `migrations` run with the
 * host's; `setup` runs at creation (middleware, guards); `start` runs after migrations, receives
 * its needs and returns what it provides; `stop` runs in reverse start order.
 */
export interface HostModule<N extends ServiceMap = ServiceMap, P extends ServiceMap = ServiceMap> {
  name: string;
  needs?: N;
  provides?: P;
  /** Says who inside the module wants a service, for the boot error (e.g. "plugin channels"). */
  wantedBy?(serviceId: string): string | undefined;
  migrations?: MigrationDir[];
  setup?(host: ModuleSetup): void;
  start?(services: HostServices, needs: ServiceValues<N>): Promise<ServiceValues<P> | void>;
  stop?(): Promise<void>;
}

/** Declares a module, typing `start`'s needs and its result from the service refs. */
export function defineModule<N extends ServiceMap = {}, P extends ServiceMap = {}>(module: HostModule<N, P>): HostModule<N, P> {
  return module;
}
