// Round-robin assignment under contention: 1,000 concurrent `{strategy:"round_robin"}` claims over
// 800 new conversations (200 claimed twice), spread over two hosts on Postgres (DATABASE_URL) or one
// host on PGlite. Run twice: through the plugin API (the assignment path alone, all 1,000 in flight)
// and through HTTP (the full request path, 1,000 requests issued at once over a pool of 100
// keep-alive connections per host). Prints latency percentiles, throughput, the spread over agents
// and doubles (conversations assigned more than once: must be 0).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { definePlugin } from '@bacon/sdk';
import { createTestDatabase, createTestTenant, createTestUser, startTestHost, type TestHost } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 1000);
const CONVERSATIONS = Math.round(CLAIMS * 0.8);
const AGENTS = 10;
const SOLO = Math.min(200, CLAIMS);
const SOCKETS = 100;
const postgres = !!process.env.DATABASE_URL;
const out = (s: string) => process.stdout.write(`${s}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const agent = new http.Agent({ keepAlive: true, maxSockets: SOCKETS });
function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const apis: InboxApi[] = [];
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { inbox: '^0.1.0' },
  init: (ctx) => void apis.push(ctx.use<InboxApi>('inbox')),
});

const database = await createTestDatabase(postgres ? 'postgres' : 'pglite');
const hosts: TestHost[] = [];
try {
  for (let i = 0; i < (postgres ? 2 : 1); i++) hosts.push(await startTestHost({ database, plugins: [inbox, probe] }));
  const { id: tenantId } = await createTestTenant(hosts[0]!);
  for (let i = 0; i < AGENTS; i++) await createTestUser(hosts[0]!, { role: 'agent', tenantId });
  const tokens = await Promise.all(hosts.map(async (h) => (await createTestUser(h, { role: 'admin', tenantId })).headers));
  const api = apis[0]!;

  const newConversations = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, () =>
          api.ingestInbound(tenantId, {
            channel: 'web',
            externalConversationId: randomUUID(),
            externalMessageId: randomUUID(),
            contact: { externalId: randomUUID() },
            text: 'hello',
          }),
        ),
      );
      ids.push(...batch.map((r) => r.conversation.id));
    }
    return ids;
  };

  /** Fires every claim at once; answers count by outcome. */
  async function burst(label: string, claim: (conversationId: string, i: number) => Promise<string>): Promise<void> {
    const ids = await newConversations(CONVERSATIONS);
    const latencies: number[] = [];
    const outcomes = new Map<string, number>();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLAIMS }, async (_, i) => {
        const t0 = performance.now();
        const outcome = await claim(ids[i % ids.length]!, i).catch(
          (err: { code?: string; message?: string }) => `error ${err.code ?? err.message}`,
        );
        latencies.push(performance.now() - t0);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
    );
    const wallMs = performance.now() - started;
    out(`${label}: ${[...outcomes].map(([k, v]) => `${k} x${v}`).join(', ')}`);
    out(
      `  latency p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${pct(latencies, 100).toFixed(1)} ms; throughput ${((CLAIMS / wallMs) * 1000).toFixed(0)} claims/s`,
    );
  }

  out(`hosts: ${hosts.length}, agents: ${AGENTS}, per burst: ${CONVERSATIONS} conversations, ${CLAIMS} claims`);

  // Uncontended: one claim at a time through the plugin API, the cost of the decision itself.
  const solo: number[] = [];
  for (const id of await newConversations(SOLO)) {
    const t0 = performance.now();
    await api.assign(tenantId, id, { strategy: 'round_robin' });
    solo.push(performance.now() - t0);
  }
  out(`uncontended (plugin API, one at a time, ${SOLO}): p50 ${pct(solo, 50).toFixed(2)} ms, p99 ${pct(solo, 99).toFixed(2)} ms`);

  await burst('plugin API, all in flight', async (id, i) => {
    try {
      await apis[i % apis.length]!.assign(tenantId, id, { strategy: 'round_robin' });
      return 'assigned';
    } catch (err) {
      return `${(err as { status?: number }).status} ${(err as { code?: string }).code}`;
    }
  });
  await burst(`HTTP, ${SOCKETS} connections per host`, async (id, i) => {
    const h = i % hosts.length;
    const res = await post(`${hosts[h]!.url}/api/v1/conversations/${id}/assign`, tokens[h]!, { strategy: 'round_robin' });
    return res.status === 200 ? '200' : `${res.status} ${(res.body as { error?: { code: string } }).error?.code}`;
  });

  const knex = hosts[0]!.services.db.knex;
  const doubles = await knex('inbox_assignments')
    .where({ tenant_id: tenantId })
    .select('conversation_id')
    .count({ n: '*' })
    .groupBy('conversation_id')
    .havingRaw('count(*) > 1');
  const perAgent = (
    await knex('inbox_conversations')
      .where({ tenant_id: tenantId, state: 'assigned' })
      .select('assignee_id')
      .count({ n: '*' })
      .groupBy('assignee_id')
  ).map((r) => Number(r.n));
  out(`per agent (all assigned): min ${Math.min(...perAgent)}, max ${Math.max(...perAgent)}`);
  out(`doubles found: ${doubles.length}`);
} finally {
  agent.destroy();
  for (const h of hosts) await h.stop();
  await database.drop();
}
