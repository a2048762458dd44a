import PgBoss from 'pg-boss';
import type { Knex } from 'knex';
import type { Database } from '../db/connect.js';
import type { Logger } from '../logs/logger.js';

export interface JobOptions {
  /** Run no earlier than this (a Date, or seconds from now). */
  startAfter?: Date | number;
  /** Only one queued job with this key per queue (deduplication). */
  singletonKey?: string;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
}

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
}

/**
 * Durable jobs (pg-boss@10 on the same database): timers and retries that survive restarts and run
 * once per cluster. What plugins receive as `jobs`; queue names are prefixed with the plugin id.
 */
export interface Jobs {
  send<T extends object>(queue: string, data: T, opts?: JobOptions): Promise<string | null>;
  work<T>(queue: string, handler: (job: Job<T>) => Promise<void>): Promise<void>;
  cancel(queue: string, id: string): Promise<void>;
  stop(): Promise<void>;
}

/** pg-boss's `db` adapter for PGlite: one session, so every statement goes through knex's single connection. */
function pgliteExecutor(knex: Knex) {
  const client = knex.client as { acquireConnection(): Promise<PgliteConn>; releaseConnection(c: PgliteConn): Promise<void> };
  return {
    async executeSql(text: string, values?: unknown[]) {
      const conn = await client.acquireConnection();
      try {
        if (values && values.length) return await conn.query(text, values);
        const results = await conn.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      } finally {
        await client.releaseConnection(conn);
      }
    },
  };
}

interface PgliteConn {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

export async function startJobs(
  db: Database,
  log: Logger,
  opts: { databaseUrl?: string; pollingIntervalSeconds?: number } = {},
): Promise<Jobs> {
  const common = {
    schema: 'bacon_jobs',
    application_name: 'bacon-jobs',
    pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1,
    monitorStateIntervalSeconds: 60,
    maintenanceIntervalSeconds: 120,
  };
  const boss =
    db.kind === 'pglite'
      ? new PgBoss({ ...common, db: pgliteExecutor(db.knex) } as unknown as PgBoss.ConstructorOptions)
      : new PgBoss({ ...common, connectionString: opts.databaseUrl, max: 3 });
  boss.on('error', (err: Error) => log.error({ err }, 'jobs: pg-boss error'));
  await boss.start();
  const created = new Set<string>();
  const ensureQueue = async (name: string) => {
    if (created.has(name)) return;
    const existing = await boss.getQueue(name);
    if (!existing) {
      try {
        await boss.createQueue(name);
      } catch (err) {
        if (!/already exists|duplicate key/i.test((err as Error).message)) throw err;
      }
    }
    created.add(name);
  };
  return {
    async send(queue, data, o = {}) {
      await ensureQueue(queue);
      const startAfter = typeof o.startAfter === 'number' ? o.startAfter : o.startAfter?.toISOString();
      return boss.send(queue, data, { ...o, startAfter } as PgBoss.SendOptions);
    },
    async work(queue, handler) {
      await ensureQueue(queue);
      await boss.work(queue, { pollingIntervalSeconds: common.pollingIntervalSeconds, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job as unknown as Job<never>);
      });
    },
    async cancel(queue, id) {
      await boss.cancel(queue, id);
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
