// `npm run bench -- analytics` (Postgres: DATABASE_URL): seeds CONVERSATIONS conversations with ten
// messages each (bulk-inserted with generate_series), builds the analytics with the rebuild, then
// prints each dashboard query's p50/p95 through HTTP, uncached ("cold": a query the report cache has
// not seen, the database's own buffers warm) and cached ("warm"), the rollup consumer's sustained
// events/s on a backlog of inbox events, and the CSV export of every row with the peak RSS growth.
import type { Knex } from 'knex';
import { definePlugin } from '@bacon/sdk';
import { createTestTenant, createTestUser, startTestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import analytics, { type AnalyticsApi } from '@bacon/plugin-analytics';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const PER_CONVERSATION = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const BACKLOG = Number(process.env.BENCH_BACKLOG_CONVERSATIONS ?? 1_000);
const AGENTS = 10;
const DAYS = 90;
const out = (s: string) => process.stdout.write(`${s}\n`);
const fmt = (n: number) => n.toFixed(1);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

let api: AnalyticsApi | undefined;
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { analytics: '^0.1.0' },
  init: (ctx) => void (api = ctx.use<AnalyticsApi>('analytics')),
});

const host = await startTestHost({
  backend: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  plugins: [inbox, analytics, probe],
  config: { logLevel: 'warn' },
});
try {
  const knex = host.services.db.knex;
  const { id: tenantId } = await createTestTenant(host);
  const agents: TestUser[] = [];
  for (let i = 0; i < AGENTS; i++) agents.push(await createTestUser(host, { role: 'agent', tenantId }));
  const end = Date.now();
  const start = end - DAYS * 86_400_000;

  let t0 = performance.now();
  await seed(knex, tenantId, agents, start, CONVERSATIONS, 0);
  out(`seeded ${CONVERSATIONS} conversations, ${CONVERSATIONS * PER_CONVERSATION} messages in ${fmt((performance.now() - t0) / 1000)} s`);
  t0 = performance.now();
  const built = await api!.rebuild(tenantId);
  out(`rebuild: ${built.conversations} conversations, ${built.messages} messages in ${fmt((performance.now() - t0) / 1000)} s`);
  await knex.raw('ANALYZE analytics_cycles; ANALYZE analytics_hourly; ANALYZE analytics_conversations');

  await setCalendar(host.url, await createTestUser(host, { role: 'admin', tenantId }));
  await dashboard(host.url, agents[0]!, start, end);
  await consumerRate(knex, tenantId, agents, end);
  await exportAll(host.url, agents[0]!, start);
} finally {
  await host.close();
}

/** Contacts, conversations, messages, the assignment history and audit rows for `n` conversations from number `from`. */
async function seed(knex: Knex, tenantId: string, agents: TestUser[], startMs: number, n: number, from: number) {
  const ids = `(ARRAY[${agents.map((a) => `'${a.user.id}'::uuid`).join(',')}])`;
  const spanMs = DAYS * 86_400_000;
  // Conversation g starts at start + g * span / n (ms precision); 70% are closed after 11 minutes.
  const conv = `SELECT g, md5(? || g)::uuid AS id, md5(? || 'c' || g)::uuid AS contact_id,
      (ARRAY['web','email','whatsapp'])[1 + g % 3] AS channel, ${ids}[1 + g % ${agents.length}] AS agent,
      to_timestamp((?::bigint + (g::bigint * ${spanMs}) / ${n}) / 1000.0) AS at
    FROM generate_series(?::int, ?::int) AS g`;
  const b = (extra: (string | number)[] = []): (string | number)[] => [tenantId, tenantId, startMs, from, from + n - 1, ...extra];
  await knex.raw(
    `INSERT INTO inbox_contacts (id, tenant_id, channel, external_id, created_at) SELECT contact_id, ?, channel, contact_id::text, at FROM (${conv}) c`,
    [tenantId, ...b()],
  );
  await knex.raw(
    `INSERT INTO inbox_conversations (id, tenant_id, contact_id, channel, state, assignee_id, last_seq, created_at, updated_at, closed_at)
     SELECT id, ?, contact_id, channel, CASE WHEN g % 10 < 7 THEN 'closed' ELSE 'assigned' END, agent, ${PER_CONVERSATION}, at, at,
            CASE WHEN g % 10 < 7 THEN at + interval '11 minutes' END FROM (${conv}) c`,
    [tenantId, ...b()],
  );
  await knex.raw(
    `INSERT INTO inbox_assignments (id, tenant_id, conversation_id, agent_id, strategy, created_at)
     SELECT gen_random_uuid(), ?, id, agent, 'auto', at + interval '30 seconds' FROM (${conv}) c`,
    [tenantId, ...b()],
  );
  await knex.raw(
    `INSERT INTO inbox_audit_log (id, tenant_id, conversation_id, action, from_state, to_state, actor_kind, created_at)
     SELECT gen_random_uuid(), ?::uuid, id, 'assign', 'new', 'assigned', 'system', at + interval '30 seconds' FROM (${conv}) c
     UNION ALL
     SELECT gen_random_uuid(), ?::uuid, id, 'transition', 'assigned', 'closed', 'system', at + interval '11 minutes' FROM (${conv}) c WHERE g % 10 < 7`,
    [tenantId, ...b(), tenantId, ...b()],
  );
  // Ten messages a minute apart (plus g % 7 * 13 s): odd ones from the contact, even ones from the
  // agent, the second a bot's in every fifth conversation. Web visitors' messages carry one of four site keys.
  await knex.raw(
    `INSERT INTO inbox_messages (id, tenant_id, conversation_id, seq, author_kind, author_id, body, payload, channel, created_at)
     SELECT gen_random_uuid(), ?, c.id, k,
            CASE WHEN k % 2 = 1 THEN 'contact' WHEN k = 2 AND g % 5 = 0 THEN 'bot' ELSE 'agent' END,
            CASE WHEN k % 2 = 1 THEN c.contact_id WHEN k = 2 AND g % 5 = 0 THEN NULL ELSE c.agent END,
            'message ' || k || ' of an ordinary support conversation',
            CASE WHEN k % 2 = 1 AND c.channel = 'web' THEN jsonb_build_object('metadata', jsonb_build_object('siteKey', 'bench-site-key-' || (g % 4))) END,
            c.channel,
            c.at + (k - 1) * interval '1 minute' + (g % 7) * interval '13 seconds'
       FROM (${conv}) c CROSS JOIN generate_series(1, ${PER_CONVERSATION}) AS k`,
    [tenantId, ...b()],
  );
  await knex.raw('ANALYZE inbox_conversations; ANALYZE inbox_messages; ANALYZE inbox_audit_log; ANALYZE inbox_assignments');
}

/** The tenant's business-hours calendar (for first response within business hours): Paris office hours, two holidays. */
async function setCalendar(base: string, admin: TestUser) {
  const businessHours = {
    timeZone: 'Europe/Paris',
    weekly: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }],
    holidays: ['2026-11-01', '2026-11-11'],
  };
  const res = await fetch(`${base}/api/v1/plugins/analytics/settings`, {
    method: 'PUT',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ businessHours }),
  });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${await res.text()}`);
}

async function timed(url: string, agent: TestUser): Promise<{ ms: number; cache: string | null }> {
  const t = performance.now();
  const res = await fetch(url, { headers: agent.headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return { ms: performance.now() - t, cache: res.headers.get('x-analytics-cache') };
}

/** Each report over the last 30 days, grouped by day in Europe/Paris, then by channel and agent. */
async function dashboard(base: string, agent: TestUser, startMs: number, endMs: number) {
  const queries = [
    ['first-response', 'day'],
    ['first-response', 'agent'],
    ['first-response', 'day&businessHours=true'],
    ['first-response', 'siteKey'],
    ['resolution', 'day'],
    ['resolution', 'channel'],
    ['csat', 'day'],
    ['volume', 'day'],
    ['volume', 'channel'],
    ['volume', 'siteKey'],
    ['volume/heatmap', 'none'],
    ['agents', 'none'],
  ];
  out(`dashboard queries over 30 days (of ${DAYS}), tz Europe/Paris, ${RUNS} runs each, ms:`);
  for (const [report, groupBy] of queries) {
    const url = (shift: number) =>
      `${base}/api/v1/analytics/${report}?tz=Europe/Paris&groupBy=${groupBy}` +
      `&from=${new Date(endMs - 30 * 86_400_000 - shift).toISOString()}&to=${new Date(endMs).toISOString()}`;
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const miss = await timed(url(i + 1), agent);
      if (miss.cache !== 'miss') throw new Error('expected a cache miss');
      cold.push(miss.ms);
    }
    await timed(url(0), agent);
    for (let i = 0; i < RUNS; i++) warm.push((await timed(url(0), agent)).ms);
    out(
      `  ${`${report} by ${groupBy}`.padEnd(28)} cold p50 ${fmt(pct(cold, 50)).padStart(6)}  p95 ${fmt(pct(cold, 95)).padStart(6)}   warm p50 ${fmt(pct(warm, 50)).padStart(5)}  p95 ${fmt(pct(warm, 95)).padStart(5)}`,
    );
  }
  void startMs;
}

/** A backlog of inbox events (new conversations: created, 4 messages with their updates, a close), drained by the consumer. */
async function consumerRate(knex: Knex, tenantId: string, agents: TestUser[], endMs: number) {
  await api!.stopConsumer();
  const iso = (t: string) => `to_char(${t} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // Per conversation (one key), ord 0: created; odd: message k = (ord + 1) / 2 (contact, then agent);
  // even: conversation.updated after it; 9: closed. Message k at t0 + k minutes, the close at t0 + 10.
  await knex.raw(
    `WITH e AS (
       SELECT c.id, c.t0, o AS ord, (o + 1) / 2 AS k,
              CASE WHEN o = 9 THEN c.t0 + interval '10 minutes' ELSE c.t0 + ((o + 1) / 2) * interval '1 minute' END AS t,
              CASE WHEN o = 0 THEN 'new' WHEN o = 9 THEN 'closed' ELSE 'assigned' END AS st
         FROM (SELECT gen_random_uuid() AS id, to_timestamp((?::bigint - g::bigint * 60000) / 1000.0) AS t0
                 FROM generate_series(1, ?::int) AS g) c
        CROSS JOIN generate_series(0, 9) AS o)
     INSERT INTO host_events (tenant_id, topic, key, seq, payload)
     SELECT ?, CASE WHEN ord = 0 THEN 'conversation.created' WHEN ord = 9 THEN 'conversation.transitioned'
                    WHEN ord % 2 = 1 THEN 'message.created' ELSE 'conversation.updated' END,
            id::text, k,
            CASE WHEN ord % 2 = 1 AND ord < 9 THEN jsonb_build_object('conversationId', id, 'visibility', 'public', 'message',
                   jsonb_build_object('id', gen_random_uuid(), 'tenantId', ?::text, 'conversationId', id, 'seq', k,
                     'authorKind', CASE WHEN k % 2 = 1 THEN 'contact' ELSE 'agent' END,
                     'authorId', CASE WHEN k % 2 = 1 THEN id::text ELSE ?::text END, 'body', 'hello', 'payload', null,
                     'channel', 'web', 'externalId', null, 'createdAt', ${iso('t')}))
                 ELSE jsonb_build_object('conversationId', id, 'conversation', jsonb_build_object('id', id, 'tenantId', ?::text,
                     'contactId', id, 'channel', 'web', 'state', st, 'assigneeId', CASE WHEN st = 'new' THEN NULL ELSE ?::text END,
                     'lastSeq', k, 'createdAt', ${iso('t0')}, 'updatedAt', ${iso('t')}))
            END
       FROM e ORDER BY id, ord`,
    [endMs, BACKLOG, tenantId, tenantId, agents[0]!.user.id, tenantId, agents[0]!.user.id],
  );
  const total = BACKLOG * 10;
  const applied = async () => Number((await knex('analytics_applied_events').where({ tenant_id: tenantId }).count({ n: '*' }))[0]!.n);
  const before = await applied();
  const t0 = performance.now();
  await api!.startConsumer();
  while ((await applied()) - before < total) await new Promise((r) => setTimeout(r, 50));
  const s = (performance.now() - t0) / 1000;
  out(`rollup consumer: ${total} events (${BACKLOG} conversations) drained in ${fmt(s)} s = ${Math.round(total / s)} events/s`);
}

/** Every cycle of the tenant as CSV, read as it streams; RSS sampled every 20 ms. */
async function exportAll(base: string, agent: TestUser, startMs: number) {
  if (global.gc) global.gc();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const from = new Date(startMs - 86_400_000).toISOString();
  const res = await fetch(`${base}/api/v1/analytics/export.csv?from=${from}&to=${new Date(Date.now() + 86_400_000).toISOString()}`, {
    headers: agent.headers,
  });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const c of chunk) if (c === 10) lines++;
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  out(
    `CSV export: ${lines - 1} rows, ${fmt(bytes / 1e6)} MB in ${fmt((performance.now() - t0) / 1000)} s, peak RSS growth ${fmt((peak - rss0) / 1e6)} MB`,
  );
}
