import { randomBytes } from 'node:crypto';
import { createHost, type CreateHostOptions, type Host, type HostModule } from '../host.js';
import type { Config } from '../config/index.js';
import { createTestDatabase, defaultBackend, type TestBackend, type TestDatabase } from './test-database.js';
import { createLogger } from '../logs/logger.js';
import type { DestinationStream } from 'pino';
import { loadConfig } from '../config/index.js';
import { defaultModules, type DefaultModulesOptions } from '../default-modules.js';
import type { PluginDefinition } from '@bacon/sdk';

export interface TestHostOptions {
  backend?: TestBackend;
  /** Use REDIS_URL from the environment (default: when it is set). */
  redis?: boolean;
  /** Share a database made by createTestDatabase (several hosts, one database). */
  database?: TestDatabase;
  /** Share a Redis key prefix between hosts (default: a fresh one per database). */
  redisPrefix?: string;
  config?: Partial<Config>;
  modules?: HostModule[];
  migrations?: CreateHostOptions['migrations'];
  /** Listen on a loopback port (default true). */
  listen?: boolean;
  /**
   * Plugins this host loads: definitions (trusted, in-process) or package names/paths. Test hosts
   * discover nothing, so only these run (default: none).
   */
  plugins?: readonly PluginDefinition[] | readonly string[] | readonly (PluginDefinition | string)[];
  /** More plugin loader options: `dnsLookup` stubs the resolver plugins' http.fetch uses. */
  pluginOptions?: DefaultModulesOptions['pluginOptions'];
  /** Where the host's log lines go (default: the level from TEST_LOG_LEVEL, to stdout). */
  logDestination?: DestinationStream;
}

export interface TestHost extends Host {
  database: TestDatabase;
  /** Stops the host, and drops the database if this host made it. */
  close(): Promise<void>;
}

const prefixes = new WeakMap<TestDatabase, string>();

/** Starts a real host on a fresh database (PGlite or Postgres) and loopback port. */
export async function startTestHost(opts: TestHostOptions = {}): Promise<TestHost> {
  const backend = opts.backend ?? opts.database?.backend ?? defaultBackend();
  const ownDb = !opts.database;
  const database = opts.database ?? (await createTestDatabase(backend));
  if (!prefixes.has(database)) prefixes.set(database, `bt${randomBytes(4).toString('hex')}:`);
  const useRedis = opts.redis ?? !!process.env.REDIS_URL;
  const config: Partial<Config> = {
    nodeEnv: 'test',
    port: 0,
    host: '127.0.0.1',
    logLevel: (process.env.TEST_LOG_LEVEL as Config['logLevel']) ?? 'silent',
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    redisUrl: useRedis ? (process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined,
    redisPrefix: opts.redisPrefix ?? prefixes.get(database)!,
    validateResponses: true,
    pluginDiscovery: false,
    ...opts.config,
  };
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const loaded = loadConfig(env, config);
  const modules = [
    ...(await defaultModules(loaded, { plugins: opts.plugins, pluginOptions: opts.pluginOptions })),
    ...(opts.modules ?? []),
  ];
  const host = createHost({
    config: loaded,
    modules,
    migrations: opts.migrations,
    logger: createLogger({ logLevel: config.logLevel!, logPretty: false }, opts.logDestination),
  });
  try {
    await host.start({ listen: opts.listen ?? true });
  } catch (err) {
    await host.stop().catch(() => undefined);
    if (ownDb) await database.drop().catch(() => undefined);
    throw err;
  }
  return Object.assign(host, {
    database,
    async close() {
      await host.stop();
      if (ownDb) await database.drop();
    },
  });
}

/** `withTestHost(opts, async (host) => ...)`: a host for the length of one callback, always cleaned up. */
export async function withTestHost<T>(opts: TestHostOptions, fn: (host: TestHost) => Promise<T>): Promise<T> {
  const host = await startTestHost(opts);
  try {
    return await fn(host);
  } finally {
    await host.close();
  }
}
