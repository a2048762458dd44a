// `npm run bench -- events`: the durable event stream. Prints event-to-consumer latency (idle, and on
// Postgres while the ingest load runs in another host process on the same database), the events per
// second one consumer sustains, and what the outbox write costs one inbox message in statements
// (each is one round trip to the database), counted in process from knex's query events.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import type { InboxApi } from '@bacon/inbox-contract';
import { definePlugin } from '@bacon/sdk';
import { createTestDatabase, defaultBackend, startTestHost, type TestHost } from '@bacon/host/testing';
import { startBenchHost, openVisitor, post, percentile, fmt, type BenchHost } from './_widget-load.js';

const backend = defaultBackend();
const IDLE_EVENTS = Number(process.env.BENCH_EVENTS_IDLE ?? 300);
const DRAIN_EVENTS = Number(process.env.BENCH_EVENTS_DRAIN ?? 20000);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const out = (s: string) => process.stdout.write(`${s}\n`);

let api: InboxApi | undefined;
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { inbox: '^0.1.0' },
  init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
});

const db = await createTestDatabase(backend);
let loadHost: BenchHost | undefined;
if (backend === 'postgres') loadHost = await startBenchHost({ databaseUrl: db.databaseUrl, redisUrl: process.env.REDIS_URL });
// The same plugins as the load host: both run the same migrations on the shared database.
const host = await startTestHost({ database: db, plugins: [inbox, channelsPlugin(), probe], config: { logLevel: 'warn' } });
try {
  await statementsPerMessage(host);
  const idle = await latency(host, IDLE_EVENTS, 'idle');
  out(
    `event -> consumer latency, idle (${IDLE_EVENTS} events, one per transaction, 10 ms apart): p50 ${fmt(percentile(idle, 50))} ms  p99 ${fmt(percentile(idle, 99))} ms`,
  );
  if (loadHost) {
    const { lat, rate } = await underLoad(host, loadHost);
    out(
      `event -> consumer latency under ingest load (${fmt(rate, 0)} widget msg/s into another host): p50 ${fmt(percentile(lat, 50))} ms  p99 ${fmt(percentile(lat, 99))} ms`,
    );
  } else {
    out('event -> consumer latency under ingest load: n/a on PGlite (one process; the ingest bench is Postgres-only)');
  }
  await drain(host);
} finally {
  await host.stop();
  await loadHost?.stop();
  await db.drop();
}

/** Statements one inbox message sends, with and without the outbox INSERT (every statement is a round trip). */
async function statementsPerMessage(h: TestHost): Promise<void> {
  const knex = h.services.db.knex;
  const count = async (fn: () => Promise<unknown>) => {
    const seen: string[] = [];
    const on = (q: { sql: string }) => void seen.push(q.sql);
    knex.on('query', on);
    try {
      await fn();
    } finally {
      knex.off('query', on);
    }
    return { total: seen.length, outbox: seen.filter((s) => /insert into "host_events"/i.test(s)).length };
  };
  const tenantId = randomUUID();
  const inbound = (text: string, thread: string) => ({
    channel: 'web',
    externalConversationId: thread,
    externalMessageId: randomUUID(),
    contact: { externalId: `v-${thread}`, name: 'Bench' },
    text,
  });
  const first = await count(() => api!.ingestInbound(tenantId, inbound('hello', 'bench-thread')));
  const next = await count(() => api!.ingestInbound(tenantId, inbound('again', 'bench-thread')));
  for (const [label, c] of [
    ['new conversation + first message', first],
    ['next inbound message', next],
  ] as const) {
    out(
      `statements per inbox message (${label}): before the outbox ${c.total - c.outbox}, after ${c.total} (+${c.outbox} multi-row INSERT into host_events, inside the same transaction)`,
    );
  }
}

/** Appends `n` events one per transaction and measures commit -> handler entry in this process. */
async function latency(h: TestHost, n: number, name: string): Promise<number[]> {
  const committedAt = new Map<string, number>();
  const lat: number[] = [];
  let got = 0;
  const c = await h.services.events.consume(
    `bench.latency-${name}`,
    `bench.${name}`,
    (e) => {
      const t0 = committedAt.get((e.payload as { id: string }).id);
      if (t0 !== undefined) lat.push(performance.now() - t0);
      got++;
    },
    { from: 'now' },
  );
  for (let i = 0; i < n; i++) {
    const id = `${name}-${i}`;
    await h.services.db.knex.transaction((trx) =>
      h.services.events.append(trx, [{ topic: `bench.${name}`, tenantId: 't', key: `k${i % 10}`, payload: { id } }]),
    );
    committedAt.set(id, performance.now());
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 30000;
  while (got < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await c.stop();
  return lat.sort((a, b) => a - b);
}

/** Runs the ingest bench's widget load against the other host while this one measures latency. */
async function underLoad(h: TestHost, load: BenchHost): Promise<{ lat: number[]; rate: number }> {
  const visitors = await Promise.all(
    Array.from({ length: 200 }, async (_, i) => {
      const v = await openVisitor(load);
      const start = await post(load.url, '/widget/v1/conversations', { text: 'hello', clientMessageId: `ev-start-${i}` }, v.headers);
      return { headers: v.headers, conversationId: (start.conversation as { id: string }).id };
    }),
  );
  let stop = false;
  let sent = 0;
  const t0 = performance.now();
  const senders = Array.from({ length: 8 }, async (_, w) => {
    for (let n = w; !stop; n += 8) {
      const v = visitors[n % visitors.length]!;
      await post(
        load.url,
        `/widget/v1/conversations/${v.conversationId}/messages`,
        { text: `m${n}`, clientMessageId: `ev-${n}` },
        v.headers,
      ).catch(() => undefined);
      sent++;
    }
  });
  const started = Date.now();
  const lat: number[] = [];
  while (Date.now() - started < LOAD_SECONDS * 1000) lat.push(...(await latency(h, 50, `load${lat.length}`)));
  stop = true;
  await Promise.all(senders);
  return { lat: lat.sort((a, b) => a - b), rate: sent / ((performance.now() - t0) / 1000) };
}

/** Appends DRAIN_EVENTS events over 100 keys (500 per transaction), then times one consumer through them. */
async function drain(h: TestHost): Promise<void> {
  const knex: Knex = h.services.db.knex;
  for (let i = 0; i < DRAIN_EVENTS; i += 500) {
    const batch = Array.from({ length: Math.min(500, DRAIN_EVENTS - i) }, (_, j) => ({
      topic: 'bench.drain',
      tenantId: 't',
      key: `k${(i + j) % 100}`,
      seq: i + j,
      payload: { n: i + j },
    }));
    await knex.transaction((trx) => h.services.events.append(trx, batch));
  }
  let got = 0;
  const t0 = performance.now();
  const c = await h.services.events.consume('bench.drain', 'bench.drain', () => void got++);
  const deadline = Date.now() + 300000;
  while (got < DRAIN_EVENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const s = (performance.now() - t0) / 1000;
  await c.stop();
  out(`one consumer, no-op handler, ${DRAIN_EVENTS} events over 100 keys: ${fmt(got / s, 0)} events/s (${got} in ${fmt(s, 2)} s)`);
}
