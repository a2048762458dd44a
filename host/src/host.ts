import Koa from 'koa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { loadConfig, type Config } from './config/index.js';
import { createLogger, type Logger } from './logs/logger.js';
import { connectDatabase } from './db/connect.js';
import { runMigrations, pendingMigrations, type MigrationDir } from './db/migrate.js';
import { createBus } from './bus/index.js';
import { startJobs } from './jobs/jobs.js';
import { createEventLog, registerEventRoutes } from './events/index.js';
import { createMetrics, httpMetrics, type HostMetrics } from './metrics/metrics.js';
import { Readiness } from './health/readiness.js';
import { registerHealthRoutes } from './health/health-routes.js';
import { RouteRegistry } from './http/route-registry.js';
import { errorMiddleware } from './http/error-middleware.js';
import { requestContext } from './http/request-context.js';
import { jsonBody } from './http/json-body.js';
import { HostErrors } from './http/errors.js';
import { HOST_VERSION } from './version.js';
import type { HostModule, HostServices } from './kernel/host-module.js';
import type { ServiceRef } from './kernel/service-ref.js';
import { startOrder } from './kernel/start-order.js';

export { HOST_VERSION };
export type { HostModule, HostServices, ModuleSetup } from './kernel/host-module.js';
export const HOST_MIGRATIONS: MigrationDir = {
  owner: 'host',
  dir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations'),
};

export interface CreateHostOptions {
  /** A loaded config, or overrides applied on top of the environment. */
  config?: Readonly<Config> | Partial<Config>;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  modules?: HostModule[];
  /** Extra migration folders (tests, embedders). */
  migrations?: MigrationDir[];
}

export interface Host {
  app: Koa;
  server: http.Server;
  config: Readonly<Config>;
  log: Logger;
  routes: RouteRegistry;
  readiness: Readiness;
  metrics: HostMetrics;
  /** The kernel's own services; available once started. */
  readonly services: HostServices;
  /** A service a module provides (`host.service(auditService)`); available once that module started. */
  service<T>(ref: ServiceRef<T>): T;
  /** Connects, migrates, starts modules and listens; resolves with the base URL. */
  start(opts?: { listen?: boolean }): Promise<string>;
  /** Graceful: stop intake, finish in-flight requests (bounded), stop modules, close pools. */
  stop(): Promise<void>;
  /** Base URL once listening. */
  readonly url: string;
}

function isLoaded(c: CreateHostOptions['config']): c is Readonly<Config> {
  return !!c && Object.isFrozen(c) && 'port' in c && 'dataDir' in c;
}

export function createHost(options: CreateHostOptions = {}): Host {
  const config = isLoaded(options.config) ? options.config : loadConfig(options.env ?? process.env, options.config ?? {});
  const log = options.logger ?? createLogger(config);
  // Refuses a missing provider or a cycle now, before anything connects.
  const modules = startOrder(options.modules ?? []);
  const app = new Koa();
  app.proxy = config.trustedProxies > 0;
  app.proxyIpHeader = 'X-Forwarded-For';
  app.maxIpsCount = config.trustedProxies;
  app.silent = true;
  // Koa composes its middleware when callback() is called: build it on the first request, once all is mounted.
  let handler: ReturnType<Koa['callback']> | undefined;
  const server = http.createServer((req, res) => (handler ??= app.callback())(req, res));
  // Idle connections outlive a balancer's (or client pool's) own idle timeout, so the peer closes
  // first and never sends on a socket the host is closing; headers must still arrive after that.
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.keepAliveTimeoutMs + 1000;
  const routes = new RouteRegistry({ validateResponses: config.validateResponses });
  const readiness = new Readiness();
  const metrics = createMetrics();

  let stopping = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  app.use(async (ctx, next) => {
    if (stopping) {
      ctx.set('Connection', 'close');
      ctx.status = 503;
      ctx.body = { error: HostErrors.shuttingDown().toJSON() };
      return;
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  });
  app.use(requestContext(log));
  app.use(httpMetrics(metrics));
  app.use(errorMiddleware());
  app.use(jsonBody(config.bodyLimit));
  for (const m of modules) m.setup?.({ app, routes, config, log, metrics, readiness });
  app.use(routes.router.routes());
  app.use(
    routes.router.allowedMethods({
      throw: true,
      methodNotAllowed: () => HostErrors.methodNotAllowed(),
      notImplemented: () => HostErrors.methodNotAllowed(),
    }),
  );
  registerHealthRoutes(routes, readiness, metrics, HOST_VERSION, config.metricsToken);

  let services: HostServices | undefined;
  let url = '';
  let migrationsDone = false;
  const started: HostModule[] = [];
  const provided = new Map<string, unknown>();

  const host: Host = {
    app,
    server,
    config,
    log,
    routes,
    readiness,
    metrics,
    get services() {
      if (!services) throw new Error('host not started');
      return services;
    },
    get url() {
      return url;
    },
    service<T>(ref: ServiceRef<T>): T {
      if (!provided.has(ref.id)) throw new Error(`service '${ref.id}' is not available: no started module provides it`);
      return provided.get(ref.id) as T;
    },
    async start({ listen = true } = {}) {
      const db = await connectDatabase(config, log);
      readiness.add('db', async () => {
        await db.knex.raw('select 1');
        return { ok: true, kind: db.kind };
      });
      const dirs = [HOST_MIGRATIONS, ...modules.flatMap((m) => m.migrations ?? []), ...(options.migrations ?? [])];
      readiness.add('migrations', async () => (migrationsDone ? { ok: true } : { ok: false, detail: 'migrations not applied yet' }));
      const applied = await runMigrations(db.knex, dirs);
      if (applied.length) log.info({ applied }, `migrations: applied ${applied.length}`);
      migrationsDone = true;
      const bus = await createBus(config, log);
      if (config.redisUrl) {
        readiness.add('redis', async () => {
          const s = await bus.status();
          return s.ok ? { ok: true } : { ok: false, detail: s.detail ?? 'redis unreachable' };
        });
      }
      const jobs = await startJobs(db, log, { databaseUrl: config.databaseUrl });
      const events = await createEventLog({ db, log, metrics, jobs, config });
      registerEventRoutes(routes, db.knex, events.wake);
      services = { config, log, db, bus, jobs, events, metrics, routes, readiness, app, server };
      for (const m of modules) {
        const needs = Object.fromEntries(Object.entries(m.needs ?? {}).map(([key, ref]) => [key, provided.get(ref.id)]));
        const out = ((await m.start?.(services, needs)) ?? {}) as Record<string, unknown>;
        started.push(m);
        for (const [key, ref] of Object.entries(m.provides ?? {})) {
          if (!(key in out)) throw new Error(`module ${m.name} declares service '${ref.id}' but its start did not return it`);
          provided.set(ref.id, out[key]);
        }
      }
      if (listen) {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.port, config.host, () => {
            server.off('error', reject);
            resolve();
          });
        });
        const addr = server.address() as AddressInfo;
        const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
        url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${addr.port}`;
      }
      return url;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      const closed = server.listening ? new Promise<void>((r) => server.close(() => r())) : Promise.resolve();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, config.shutdownTimeoutMs))]);
      }
      server.closeIdleConnections?.();
      setTimeout(() => server.closeAllConnections?.(), 1000).unref();
      await services?.events.stop().catch((err) => log.warn({ err }, 'event consumers did not stop cleanly'));
      for (const m of [...started].reverse()) {
        try {
          await m.stop?.();
        } catch (err) {
          log.error({ err, module: m.name }, 'module failed to stop cleanly');
        }
      }
      if (services) {
        await services.jobs.stop().catch((err) => log.warn({ err }, 'jobs did not stop cleanly'));
        await services.bus.close();
        await services.db.close();
      }
      await closed;
    },
  };
  return host;
}

export { pendingMigrations };
