// Full-text search over a tenant's messages: BENCH_MESSAGES messages (1,000,000 at the large
// profile) spread over BENCH_CONVERSATIONS conversations, bulk-inserted with generate_series, then
// BENCH_SEARCHES searches of each kind through GET /api/v1/search (first page of 20, newest first).
// The kinds: a rare word (one message), a medium one (about BENCH_MESSAGES/5000), a common one (one
// message in eight), two words (a common one with a medium one, or two common ones), a prefix (of a
// common word, or of a rare one) and a word no message has. Prints p50/p95 per kind and overall.
import { randomUUID } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { createTestTenant, createTestUser, startTestHost } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? Math.max(1, Math.round(MESSAGES / 100)));
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 300);
const TOPICS = ['delivery', 'refund', 'invoice', 'password', 'shipping', 'account', 'coupon', 'return'];

let api: InboxApi | undefined;
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { inbox: '^0.1.0' },
  init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
});

const out = (s: string) => process.stdout.write(`${s}\n`);
// One agent sends every search: the per-user rate limit would answer 429 once searches get fast.
const host = await startTestHost({
  backend: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  plugins: [inbox, probe],
  config: { rateApiUser: '1000000/60', rateApiIp: '1000000/60' },
});
try {
  const { id: tenantId } = await createTestTenant(host);
  const agent = await createTestUser(host, { role: 'agent', tenantId });
  // The conversations (and their contacts) through the inbox; the messages in bulk.
  const { conversation } = await api!.ingestInbound(tenantId, {
    channel: 'web',
    externalConversationId: randomUUID(),
    externalMessageId: randomUUID(),
    contact: { externalId: randomUUID() },
    text: 'first',
  });
  const knex = host.services.db.knex;
  const t0 = performance.now();
  await knex.raw(
    `INSERT INTO inbox_conversations (id, tenant_id, contact_id, channel, state, created_at, updated_at)
     SELECT gen_random_uuid(), ?, ?, 'web', 'new', now(), now() FROM generate_series(2, ?)`,
    [tenantId, conversation.contactId, CONVERSATIONS],
  );
  const ids = (await knex('inbox_conversations').where({ tenant_id: tenantId }).pluck('id')) as string[];
  // Loading a million rows is faster without the GIN index; it is built again afterwards, as a
  // migration on an existing table would.
  await knex.raw('DROP INDEX inbox_messages_search_idx');
  await knex.raw(
    `INSERT INTO inbox_messages (id, tenant_id, conversation_id, seq, author_kind, body, channel, created_at)
     SELECT gen_random_uuid(), :tenantId, (:ids::uuid[])[1 + g % :n], 1000000 + g, CASE WHEN g % 2 = 0 THEN 'agent' ELSE 'contact' END,
            'the customer asks about ' || (:topics::text[])[1 + g % 8] || ' for order r' || substr(md5(g::text), 1, 10)
              || ' see ticket w' || (g % 5000) || ' thanks',
            'web', now() - ((:total - g) || ' seconds')::interval
     FROM generate_series(1, :total) AS g`,
    { tenantId, ids, n: ids.length, topics: TOPICS, total: MESSAGES },
  );
  const insertMs = performance.now() - t0;
  const t1 = performance.now();
  await knex.raw(`CREATE INDEX inbox_messages_search_idx ON inbox_messages USING gin (search_vector)`);
  await knex.raw('ANALYZE inbox_messages');
  const indexMs = performance.now() - t1;
  out(
    `messages: ${MESSAGES} in ${CONVERSATIONS} conversations (insert ${(insertMs / 1000).toFixed(1)} s, GIN index ${(indexMs / 1000).toFixed(1)} s)`,
  );

  const search = async (q: string) => {
    const start = performance.now();
    const res = await fetch(`${host.url}/api/v1/search?q=${encodeURIComponent(q)}&kind=message&limit=20`, { headers: agent.headers });
    const body = (await res.json()) as { items: unknown[] };
    const expected = !q.startsWith('zq');
    if (res.status !== 200 || body.items.length > 0 !== expected)
      throw new Error(`search "${q}" failed: ${res.status} ${JSON.stringify(body)}`);
    return performance.now() - start;
  };
  const rareToken = async (g: number) => {
    const { rows } = (await knex.raw(`SELECT substr(md5(?::text), 1, 10) AS t`, [g])) as { rows: { t: string }[] };
    return `r${rows[0]!.t}`;
  };
  const topic = () => TOPICS[Math.floor(Math.random() * TOPICS.length)]!;
  const queries: Record<string, () => Promise<string>> = {
    rare: () => rareToken(1 + Math.floor(Math.random() * MESSAGES)),
    medium: async () => `w${Math.floor(Math.random() * Math.min(5000, MESSAGES))}`,
    common: async () => topic(),
    // Message g has topic g % 8 and ticket w(g % 5000), and 5000 is a multiple of 8: ticket n's
    // messages all have topic n % 8.
    twoWords: async () => {
      const n = Math.floor(Math.random() * Math.min(5000, MESSAGES));
      return Math.random() < 0.5 ? `customer ${topic()}` : `${TOPICS[n % 8]!} w${n}`;
    },
    prefix: async () =>
      Math.random() < 0.5 ? topic().slice(0, 4) : (await rareToken(1 + Math.floor(Math.random() * MESSAGES))).slice(0, 5),
    none: async () => `zq${Math.floor(Math.random() * 1e9)}`,
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(queries).map((k) => [k, []]));
  for (let i = 0; i < 10; i++) await search(await queries.medium!()); // warm-up
  for (let i = 0; i < SEARCHES; i++) {
    for (const [kind, make] of Object.entries(queries)) times[kind]!.push(await search(await make()));
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const line = (label: string, xs: number[]) =>
    out(
      `${label}: p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${pct(xs, 100).toFixed(1)} ms (${xs.length} searches)`,
    );
  line('rare word (1 match)', times.rare!);
  line(`medium word (~${Math.round(MESSAGES / 5000)} matches)`, times.medium!);
  line(`common word (~${Math.round(MESSAGES / 8)} matches)`, times.common!);
  line('two words (common + medium, or common + common)', times.twoWords!);
  line('prefix (4 letters of a common word, or 5 of a rare one)', times.prefix!);
  line('no match', times.none!);
  line('all', Object.values(times).flat());
} finally {
  await host.close();
}
