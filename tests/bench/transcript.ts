// Transcript paging on a conversation with 100,000 messages (bulk-inserted with generate_series):
// page fetches of 50 through GET /api/v1/conversations/:id/messages, newest first and oldest first,
// from random cursors. Prints p50/p99 per direction.
import { randomUUID } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { createTestTenant, createTestUser, startTestHost } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const FETCHES = Number(process.env.BENCH_FETCHES ?? 500);
const PAGE = 50;

let api: InboxApi | undefined;
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { inbox: '^0.1.0' },
  init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
});

const host = await startTestHost({ backend: process.env.DATABASE_URL ? 'postgres' : 'pglite', plugins: [inbox, probe] });
try {
  const { id: tenantId } = await createTestTenant(host);
  const agent = await createTestUser(host, { role: 'agent', tenantId });
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
    `INSERT INTO inbox_messages (id, tenant_id, conversation_id, seq, author_kind, body, channel, created_at)
     SELECT gen_random_uuid(), ?, ?, g, CASE WHEN g % 2 = 0 THEN 'agent' ELSE 'contact' END,
            'message number ' || g || ' with some ordinary support text in it', 'web', now() - ((? - g) || ' seconds')::interval
     FROM generate_series(2, ?) AS g`,
    [tenantId, conversation.id, MESSAGES, MESSAGES],
  );
  await knex('inbox_conversations').where({ id: conversation.id }).update({ last_seq: MESSAGES });
  await knex.raw('ANALYZE inbox_messages');
  const insertMs = performance.now() - t0;

  const fetchPage = async (order: 'asc' | 'desc', seq?: number) => {
    const cursor = seq === undefined ? '' : `&cursor=${Buffer.from(JSON.stringify({ seq })).toString('base64url')}`;
    const start = performance.now();
    const res = await fetch(`${host.url}/api/v1/conversations/${conversation.id}/messages?order=${order}&limit=${PAGE}${cursor}`, {
      headers: agent.headers,
    });
    const body = (await res.json()) as { items: unknown[] };
    if (res.status !== 200 || body.items.length === 0) throw new Error(`page fetch failed: ${res.status}`);
    return performance.now() - start;
  };

  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`messages: ${MESSAGES} (bulk insert ${insertMs.toFixed(0)} ms), page size ${PAGE}, ${FETCHES} fetches per kind`);
  const times: Record<string, number[]> = { desc: [], asc: [], api: [] };
  for (let i = 0; i < 20; i++) await fetchPage(i % 2 ? 'asc' : 'desc'); // warm-up
  for (let i = 0; i < FETCHES; i++) {
    // Interleaved, so both directions see the same machine.
    const seq = 1 + Math.floor(Math.random() * (MESSAGES - PAGE));
    times.desc!.push(await fetchPage('desc', i === 0 ? undefined : seq + PAGE));
    times.asc!.push(await fetchPage('asc', i === 0 ? undefined : seq));
    const t0 = performance.now();
    await api!.listMessagesSince(tenantId, conversation.id, seq, PAGE);
    times.api!.push(performance.now() - t0);
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const line = (label: string, xs: number[]) =>
    out(`${label}: p50 ${pct(xs, 50).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms, max ${pct(xs, 100).toFixed(2)} ms`);
  line('HTTP page, newest first', times.desc!);
  line('HTTP page, oldest first', times.asc!);
  line('plugin API listMessagesSince (no HTTP)', times.api!);
} finally {
  await host.close();
}
