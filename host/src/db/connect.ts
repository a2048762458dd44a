import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import { withRetry } from '@bacon/sdk';

const knexFactory = knexModule as unknown as typeof knexModule.knex;

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  knex: Knex;
  kind: DbKind;
  /** The PGlite instance on the embedded backend (pg-boss talks to it through `exec`). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * Opens the database: PGlite in `dataDir` when no DATABASE_URL is set, pooled Postgres otherwise.
 * Boot waits for the database with backoff; afterwards, acquiring a connection (which is safe to
 * repeat: nothing has been sent yet) is retried on transient errors too.
 */
export async function connectDatabase(config: Config, log: Logger): Promise<Database> {
  if (!config.databaseUrl) {
    const dir = path.join(config.dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    const pglite = await PGlite.create(dir);
    const knex = knexFactory({
      client: ClientPgLite as unknown as typeof Knex.Client,
      dialect: 'postgres',
      connection: { pglite } as never,
    });
    await knex.raw('select 1');
    log.info({ dir }, 'database: embedded PGlite');
    return { knex, kind: 'pglite', pglite, close: () => knex.destroy() };
  }
  const knex = knexFactory({
    client: 'pg',
    connection: config.databaseUrl,
    pool: { min: config.dbPoolMin, max: config.dbPoolMax },
    acquireConnectionTimeout: 10000,
  });
  await withRetry(() => knex.raw('select 1'), {
    retries: config.dbConnectRetries,
    baseMs: 200,
    maxMs: 5000,
    onRetry: (err, attempt, delay) =>
      log.warn({ attempt, delayMs: delay, err: (err as Error).message }, 'database not reachable yet; retrying'),
  });
  retryConnectionAcquire(knex, log);
  log.info({ url: redactUrl(config.databaseUrl) }, 'database: Postgres');
  return { knex, kind: 'postgres', close: () => knex.destroy() };
}

function retryConnectionAcquire(knex: Knex, log: Logger): void {
  const client = knex.client as { acquireConnection: () => Promise<unknown> };
  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = () =>
    withRetry(acquire, {
      retries: 3,
      baseMs: 50,
      maxMs: 1000,
      onRetry: (err, attempt) => log.warn({ attempt, err: (err as Error).message }, 'database connection failed; retrying'),
    });
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
