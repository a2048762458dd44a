// `npm run bench -- ingest`: sustained inbound widget messages per second through
// HTTP -> commit -> agent socket, at 8 and at 32 concurrent senders, with latency percentiles, the
// statements and round trips per message (counted in the host process, see _bench-host.ts), host and
// Postgres CPU per message (from /proc), beside a pgbench run of single-row inserts on the same
// Postgres in the same run (the ceiling a one-insert-per-message design could reach) and the ratio.
// Without DATABASE_URL it measures the embedded default (PGlite in the host process): the same path and
// latencies, with no pgbench, no Postgres CPU and no driver counts (PGlite has no pg driver to count).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '@bacon/host/testing';
import { startBenchHost, openVisitor, connectSocket, cpuSeconds, post, percentile, fmt, type BenchHost } from './_widget-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const LEVELS = (process.env.BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
// One visitor may send 60 messages a minute (widgetMessage): spread the load over many.
const VISITORS = Number(process.env.BENCH_VISITORS ?? 1000);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10);
const out = (s: string) => process.stdout.write(`${s}\n`);

interface Level {
  clients: number;
  rate: number;
  pgbench: number;
}

const embedded = !process.env.DATABASE_URL;
const db = embedded ? undefined : await createTestDatabase('postgres');
const host = await startBenchHost({ databaseUrl: db?.databaseUrl, redisUrl: process.env.REDIS_URL });
const admin = db ? new pg.Client({ connectionString: db.databaseUrl }) : undefined;
await admin?.connect();
const levels: Level[] = [];
try {
  const visitors: { headers: Record<string, string>; conversationId: string }[] = [];
  for (let i = 0; i < VISITORS; i += 50) {
    visitors.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, VISITORS - i) }, async (_, j) => {
          const v = await openVisitor(host);
          const start = await post(
            host.url,
            '/widget/v1/conversations',
            { text: 'hello', clientMessageId: `ingest-start-${String(i + j).padStart(6, '0')}` },
            v.headers,
          );
          return { headers: v.headers, conversationId: (start.conversation as { id: string }).id };
        }),
      )),
    );
  }
  const agent = await connectSocket(host.url, '/agent', host.token);
  const sentAt = new Map<string, number>();
  let endToEnd: number[] = [];
  let measuring = false;
  agent.on('event', (e: { topic: string; payload: { message?: { body?: string } } }) => {
    const body = e.topic === 'message.created' ? e.payload.message?.body : undefined;
    const t0 = body ? sentAt.get(body) : undefined;
    if (t0 === undefined) return;
    sentAt.delete(body!);
    if (measuring) endToEnd.push(performance.now() - t0);
  });

  let seq = 0;
  const runFor = async (ms: number, clients: number, http: number[] | null) => {
    let committed = 0;
    let failed = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          const n = ++seq;
          const v = visitors[n % visitors.length]!;
          const text = `m${n}`;
          const t0 = performance.now();
          sentAt.set(text, t0);
          try {
            await post(
              host.url,
              `/widget/v1/conversations/${v.conversationId}/messages`,
              { text, clientMessageId: `ingest-${String(n).padStart(8, '0')}` },
              v.headers,
            );
            http?.push(performance.now() - t0);
            committed++;
          } catch {
            sentAt.delete(text);
            failed++;
          }
        }
      }),
    );
    return { committed, failed };
  };

  for (const clients of LEVELS) {
    await runFor(2000, clients, null);
    const http: number[] = [];
    endToEnd = [];
    measuring = true;
    const before = await sample(host, admin);
    const t0 = performance.now();
    const { committed, failed } = await runFor(SECONDS * 1000, clients, http);
    const elapsed = (performance.now() - t0) / 1000;
    const after = await sample(host, admin);
    const deadline = Date.now() + 5000;
    while (sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    measuring = false;
    const e2e = endToEnd.sort((a, b) => a - b);
    const h = http.sort((a, b) => a - b);
    const rate = committed / elapsed;
    const per = (a: number, b: number) => fmt((a - b) / Math.max(1, committed), 2);
    out(
      `widget ingest: ${clients} concurrent senders over ${VISITORS} visitors, ${SECONDS} s, ${embedded ? 'PGlite' : 'Postgres'}${process.env.REDIS_URL ? ', Redis' : ''}${process.env.BENCH_GROUP_COMMIT === '1' ? ', group commit on' : ''}`,
    );
    out(`  committed ${committed} messages (${failed} failed): ${fmt(rate, 0)} msg/s`);
    out(`  HTTP 201 latency  p50 ${fmt(percentile(h, 50))} ms  p99 ${fmt(percentile(h, 99))} ms`);
    out(
      `  send -> agent socket  p50 ${fmt(percentile(e2e, 50))} ms  p99 ${fmt(percentile(e2e, 99))} ms  (${e2e.length} delivered, ${sentAt.size} not seen)`,
    );
    const hostCpu = `CPU ${fmt(((after.hostCpu - before.hostCpu) * 1000) / Math.max(1, committed), 2)} ms host`;
    out(
      embedded
        ? `  per message: ${hostCpu} (PGlite runs inside the host process)`
        : `  per message: ${per(after.statements, before.statements)} statements in ${per(after.queries, before.queries)} round trips; ${hostCpu}, ${fmt(((after.pgCpu - before.pgCpu) * 1000) / Math.max(1, committed), 2)} ms Postgres backends`,
    );
    levels.push({ clients, rate, pgbench: 0 });
    sentAt.clear();
  }
  agent.close();
  if (!db) out('pgbench: not run on the embedded default (no Postgres server); the ratio needs DATABASE_URL');
  for (const l of db ? levels : []) {
    l.pgbench = await pgbench(db!.databaseUrl!, l.clients);
    out(`pgbench single-row INSERT, ${l.clients} clients, ${PGBENCH_SECONDS} s: ${fmt(l.pgbench, 0)} tps`);
  }
  for (const l of db ? levels : [])
    out(
      `ratio at ${l.clients} clients, widget msg/s / pgbench tps: ${fmt(l.rate / l.pgbench, 3)} (${fmt(l.pgbench / l.rate, 1)} single-row inserts per message's worth of work)`,
    );
} finally {
  await admin?.end();
  await host.stop();
  await db?.drop();
}

/** The host's query counters and CPU, and the CPU of the Postgres backends serving this database. */
async function sample(h: BenchHost, c: pg.Client | undefined) {
  const stats = await h.stats();
  if (!c) return { ...stats, hostCpu: await cpuSeconds(h.pid), pgCpu: 0 };
  const { rows } = await c.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  let pgCpu = 0;
  for (const r of rows) pgCpu += await cpuSeconds(r.pid);
  // A backend that exits mid-run takes its CPU with it; the pool keeps its connections under load.
  return { ...stats, hostCpu: await cpuSeconds(h.pid), pgCpu };
}

async function pgbench(url: string, clients: number): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    'CREATE TABLE IF NOT EXISTS bench_single_row (id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  await c.end();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-pgbench-'));
  const script = path.join(dir, 'insert.sql');
  await writeFile(script, "INSERT INTO bench_single_row (body) VALUES ('hello');\n");
  const r = spawnSync('/usr/bin/pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(PGBENCH_SECONDS), '-f', script, url], {
    encoding: 'utf8',
  });
  await rm(dir, { recursive: true, force: true });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout)?.[1] ?? /tps = ([\d.]+)/.exec(r.stdout)?.[1];
  if (!tps) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
  return Number(tps);
}
