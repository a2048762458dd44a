// Automation rules: 1,000 enabled rules in one tenant (keywords, regular expressions, conditions;
// about 1% of messages match one). Part 1: the matching alone (triggers and conditions of every rule
// against each message of a stream), throughput and p50/p99 per message. Part 2: the real path, one
// host: messages ingested through the inbox, the durable consumer evaluating them; event -> rule
// fired latency, evaluation throughput, and the ingest latency with and without the rules (what
// automation adds to the ingest path: it runs after the commit, so it should add nothing).
import { randomUUID } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { createTestDatabase, createTestTenant, startTestHost, waitFor } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import automation, { matchConditions, matchTrigger, type Facts, type RuleDefinition } from '@bacon/plugin-automation';

const RULES = Number(process.env.BENCH_RULES ?? 1000);
const STREAM = Number(process.env.BENCH_STREAM ?? 20000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 300);
const out = (s: string) => process.stdout.write(`${s}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => x.toFixed(3);

/** Rule i: every third a regular expression, the others two keywords; half with conditions. */
function ruleDef(i: number): RuleDefinition {
  const trigger =
    i % 3 === 0
      ? { type: 'message.received' as const, pattern: `order[- ]?${i}\\b` }
      : { type: 'message.received' as const, keywords: [`kw${i}`, `mot-clé-${i}`] };
  return {
    triggers: [trigger],
    conditions:
      i % 2 === 0
        ? {
            match: 'all',
            items: [
              { field: 'channel.id', op: 'equals', value: 'web' },
              { field: 'conversation.priority', op: 'equals', value: 'none' },
            ],
          }
        : undefined,
    actions: [{ type: 'send_message', text: `rule ${i} for {{contact.name}}` }],
  };
}

/** 1 message in 100 names one rule's keyword; the rest match none. */
const text = (n: number) => (n % 100 === 0 ? `hello kw${(n * 7) % RULES || 1} please` : `just a normal message number ${n} about my order`);

const defs = Array.from({ length: RULES }, (_, i) => ruleDef(i));

// Part 1: matching alone.
{
  const lat: number[] = [];
  let fired = 0;
  const started = performance.now();
  for (let n = 0; n < STREAM; n++) {
    const t0 = performance.now();
    const facts: Facts = {
      topic: 'message.created',
      message: { body: text(n), authorKind: 'contact' },
      conversation: { priority: 'none', channel: 'web' },
      channel: { id: 'web' },
    };
    for (const d of defs) if (d.triggers.some((t) => matchTrigger(t, facts)) && matchConditions(d, facts)) fired++;
    lat.push(performance.now() - t0);
  }
  const secs = (performance.now() - started) / 1000;
  out(`matching: ${RULES} rules x ${STREAM} messages in ${secs.toFixed(2)} s`);
  out(`  ${Math.round(STREAM / secs)} messages/s (${Math.round((STREAM * RULES) / secs)} rule evaluations/s), ${fired} firings`);
  out(`  per message (all ${RULES} rules): p50 ${ms(pct(lat, 50))} ms, p99 ${ms(pct(lat, 99))} ms`);
}

// Part 2: the real path.
let api: InboxApi | undefined;
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { inbox: '^0.1.0' },
  init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
});
const database = await createTestDatabase();
const host = await startTestHost({ database, plugins: [inbox, automation, probe], config: { eventsPollMs: 100 } });
try {
  const knex = host.services.db.knex;
  const ingest = async (tenantId: string, n: number) => {
    const lat: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await api!.ingestInbound(tenantId, {
        channel: 'web',
        externalConversationId: `c-${i % 50}`,
        externalMessageId: randomUUID(),
        contact: { externalId: `v-${i % 50}`, name: 'Ann' },
        text: text(i),
      });
      lat.push(performance.now() - t0);
    }
    return lat;
  };
  const { id: bare } = await createTestTenant(host);
  const without = await ingest(bare, MESSAGES);
  const { id: tenantId } = await createTestTenant(host);
  for (let i = 0; i < RULES; i += 100) {
    await knex('automation_rules').insert(
      defs.slice(i, i + 100).map((d, j) => ({
        id: randomUUID(),
        tenant_id: tenantId,
        name: `rule ${i + j}`,
        enabled: true,
        version: 1,
        definition: JSON.stringify(d),
      })),
    );
  }
  const handled = async () => {
    const m = await host.services.metrics.registry.getSingleMetric('bacon_automation_event_seconds')?.get();
    return (
      (m?.values as { metricName?: string; value: number }[] | undefined)?.find(
        (v) => v.metricName === 'bacon_automation_event_seconds_count',
      )?.value ?? 0
    );
  };
  const before = await handled();
  const started = performance.now();
  const withRules = await ingest(tenantId, MESSAGES);
  // Every message event of the tenant evaluated (conversation events of new conversations too).
  await waitFor(async () => (await handled()) - before >= MESSAGES + Math.min(50, MESSAGES), {
    what: 'the consumer to evaluate every message',
    timeoutMs: 120000,
  });
  const secs = (performance.now() - started) / 1000;
  const rows = (await knex('automation_evaluations as e')
    .joinRaw('join host_events as h on h.id::text = e.event_id')
    .where('e.tenant_id', tenantId)
    .select(knex.raw('extract(epoch from (e.started_at - h.created_at)) * 1000 as lag'))) as { lag: string | number }[];
  const lags = rows.map((r) => Number(r.lag));
  out(`real path: ${MESSAGES} messages, ${RULES} enabled rules, ${rows.length} firings`);
  out(`  evaluated ${Math.round(MESSAGES / secs)} messages/s end to end (ingest included, one host)`);
  if (lags.length) out(`  event appended -> rule fired: p50 ${pct(lags, 50).toFixed(1)} ms, p99 ${pct(lags, 99).toFixed(1)} ms`);
  out(`  ingest latency without rules: p50 ${ms(pct(without, 50))} ms, p99 ${ms(pct(without, 99))} ms`);
  out(`  ingest latency with ${RULES} rules: p50 ${ms(pct(withRules, 50))} ms, p99 ${ms(pct(withRules, 99))} ms`);
} finally {
  await host.close();
}
