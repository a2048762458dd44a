// `npm run bench -- ingest`: sustained inbound widget messages per second through
// HTTP -> commit -> agent socket, with latency percentiles, beside a pgbench run of single-row
// inserts on the same Postgres (the ceiling a one-insert-per-message design could reach).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '@bacon/host/testing';
import { startBenchHost, openVisitor, connectSocket, post, percentile, fmt } from './_widget-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
// One visitor may send 60 messages a minute (widgetMessage): spread the load over many.
const VISITORS = Number(process.env.BENCH_VISITORS ?? 1000);

const db = await createTestDatabase('postgres');
const host = await startBenchHost({ databaseUrl: db.databaseUrl, redisUrl: process.env.REDIS_URL });
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
  const endToEnd: number[] = [];
  const http: number[] = [];
  let delivered = 0;
  let measuring = false;
  agent.on('event', (e: { topic: string; payload: { message?: { body?: string } } }) => {
    const body = e.topic === 'message.created' ? e.payload.message?.body : undefined;
    const t0 = body ? sentAt.get(body) : undefined;
    if (t0 === undefined) return;
    sentAt.delete(body!);
    if (measuring) {
      endToEnd.push(performance.now() - t0);
      delivered++;
    }
  });

  let seq = 0;
  let committed = 0;
  let failed = 0;
  const runFor = async (ms: number, measure: boolean) => {
    measuring = measure;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
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
            if (measure) {
              http.push(performance.now() - t0);
              committed++;
            }
          } catch {
            sentAt.delete(text);
            if (measure) failed++;
          }
        }
      }),
    );
  };
  await runFor(2000, false);
  const t0 = performance.now();
  await runFor(SECONDS * 1000, true);
  const elapsed = (performance.now() - t0) / 1000;
  const deadline = Date.now() + 5000;
  while (sentAt.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  measuring = false;
  agent.close();
  const e2e = endToEnd.sort((a, b) => a - b);
  const h = http.sort((a, b) => a - b);
  const rate = committed / elapsed;
  process.stdout.write(
    `widget ingest: ${CONCURRENCY} concurrent senders over ${VISITORS} visitors, ${SECONDS} s${process.env.REDIS_URL ? ', Redis' : ''}\n`,
  );
  process.stdout.write(`  committed ${committed} messages (${failed} failed): ${fmt(rate, 0)} msg/s\n`);
  process.stdout.write(`  HTTP 201 latency  p50 ${fmt(percentile(h, 50))} ms  p99 ${fmt(percentile(h, 99))} ms\n`);
  process.stdout.write(
    `  send -> agent socket  p50 ${fmt(percentile(e2e, 50))} ms  p99 ${fmt(percentile(e2e, 99))} ms  (${delivered} delivered, ${sentAt.size} not seen)\n`,
  );

  const pgb = await pgbench(db.databaseUrl!, CONCURRENCY);
  process.stdout.write(`pgbench single-row INSERT, ${CONCURRENCY} clients, 10 s: ${fmt(pgb, 0)} tps\n`);
  process.stdout.write(
    `ratio widget msg/s / pgbench tps: ${fmt(rate / pgb, 3)} (${fmt(pgb / rate, 1)} single-row inserts per message's worth of work)\n`,
  );
} finally {
  await host.stop();
  await db.drop();
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
  const r = spawnSync('/usr/bin/pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', '10', '-f', script, url], { encoding: 'utf8' });
  await rm(dir, { recursive: true, force: true });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout)?.[1] ?? /tps = ([\d.]+)/.exec(r.stdout)?.[1];
  if (!tps) throw new Error(`pgbench failed: ${r.stderr || r.stdout}`);
  return Number(tps);
}
