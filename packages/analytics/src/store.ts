import type { Knex } from 'knex';
import type { ConversationFacts, Cycle, RollupCounter, RollupDelta } from './fold.js';

const FACT_COLUMNS = [
  'f.*',
  'c.opened_at',
  'c.inbound_at',
  'c.first_response_at',
  'c.responder_id',
  'c.resolved_at',
  'c.resolver_id',
  'c.excluded',
  'c.reopened',
];

/** The facts of a tenant's conversations (those known), each with its current cycle, in one read. */
export async function loadFactsMany(trx: Knex, tenantId: string, conversationIds: string[]): Promise<Map<string, ConversationFacts>> {
  const rows = await trx('analytics_conversations as f')
    .join('analytics_cycles as c', (j) =>
      j.on('c.tenant_id', 'f.tenant_id').andOn('c.conversation_id', 'f.conversation_id').andOn('c.cycle', 'f.cycle'),
    )
    .where({ 'f.tenant_id': tenantId })
    .whereIn('f.conversation_id', conversationIds)
    .select(FACT_COLUMNS);
  return new Map(rows.map((row) => [row.conversation_id, factsOf(row)]));
}

/** The facts of one conversation with its current cycle, or undefined. */
export async function loadFacts(trx: Knex, tenantId: string, conversationId: string): Promise<ConversationFacts | undefined> {
  return (await loadFactsMany(trx, tenantId, [conversationId])).get(conversationId);
}

function factsOf(row: Record<string, any>): ConversationFacts {
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return {
    conversationId: row.conversation_id,
    channel: row.channel,
    createdAt: new Date(row.created_at),
    startedBy: row.started_by ?? null,
    siteKey: row.site_key ?? null,
    state: row.state,
    assigneeId: row.assignee_id ?? null,
    reopens: row.reopens,
    cycle: {
      n: row.cycle,
      openedAt: new Date(row.opened_at),
      inboundAt: date(row.inbound_at),
      firstResponseAt: date(row.first_response_at),
      responderId: row.responder_id ?? null,
      resolvedAt: date(row.resolved_at),
      resolverId: row.resolver_id ?? null,
      excluded: row.excluded,
      reopened: row.reopened,
    },
  };
}

const factRow = (tenantId: string, f: ConversationFacts) => ({
  tenant_id: tenantId,
  conversation_id: f.conversationId,
  channel: f.channel,
  created_at: f.createdAt,
  started_by: f.startedBy,
  site_key: f.siteKey,
  state: f.state,
  assignee_id: f.assigneeId,
  cycle: f.cycle.n,
  reopens: f.reopens,
});

const cycleRow = (tenantId: string, f: ConversationFacts, c: Cycle) => ({
  tenant_id: tenantId,
  conversation_id: f.conversationId,
  cycle: c.n,
  channel: f.channel,
  opened_at: c.openedAt,
  inbound_at: c.inboundAt,
  first_response_at: c.firstResponseAt,
  responder_id: c.responderId,
  resolved_at: c.resolvedAt,
  resolver_id: c.resolverId,
  site_key: f.siteKey ?? '',
  excluded: c.excluded,
  reopened: c.reopened,
});

/** Upserts facts and cycle rows (many conversations at once in a rebuild). */
export async function saveFacts(trx: Knex, tenantId: string, items: { facts: ConversationFacts; cycles: Cycle[] }[]): Promise<void> {
  if (!items.length) return;
  await trx('analytics_conversations')
    .insert(items.map((i) => factRow(tenantId, i.facts)))
    .onConflict(['tenant_id', 'conversation_id'])
    .merge();
  const cycles = items.flatMap((i) => i.cycles.map((c) => cycleRow(tenantId, i.facts, c)));
  for (let i = 0; i < cycles.length; i += 1000)
    await trx('analytics_cycles')
      .insert(cycles.slice(i, i + 1000))
      .onConflict(['tenant_id', 'conversation_id', 'cycle'])
      .merge();
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const COUNTERS: RollupCounter[] = [
  'conversations',
  'inbound',
  'human_replies',
  'bot_replies',
  'first_responses',
  'frt_seconds',
  'resolved',
  'resolution_seconds',
  'reopened',
  'assigned',
  'csat_responses',
  'csat_sum',
];

/** Sums increments that land on the same rollup row (one upsert may touch a row only once). */
export function mergeDeltas(deltas: Iterable<RollupDelta>, into = new Map<string, RollupDelta>()): Map<string, RollupDelta> {
  for (const d of deltas) {
    const key = `${d.hour.getTime()}|${d.channel}|${d.agentId}|${d.siteKey}`;
    const row = into.get(key) ?? { hour: d.hour, channel: d.channel, agentId: d.agentId, siteKey: d.siteKey, counts: {} };
    for (const [k, v] of Object.entries(d.counts) as [RollupCounter, number][]) row.counts[k] = (row.counts[k] ?? 0) + v;
    into.set(key, row);
  }
  return into;
}

/** Adds the increments to the hourly rollup (insert, or add to the existing row). */
export async function addToRollup(trx: Knex, tenantId: string, deltas: Iterable<RollupDelta>): Promise<void> {
  // Rows in one order (hour, channel, agent, site key), so two writers never lock the same rows in opposite orders.
  const merged = [...mergeDeltas(deltas).values()].sort(
    (a, b) => a.hour.getTime() - b.hour.getTime() || cmp(a.channel, b.channel) || cmp(a.agentId, b.agentId) || cmp(a.siteKey, b.siteKey),
  );
  const rows = merged.map((d) => ({
    tenant_id: tenantId,
    hour: d.hour,
    channel: d.channel,
    agent_id: d.agentId,
    site_key: d.siteKey,
    ...Object.fromEntries(COUNTERS.map((k) => [k, d.counts[k] ?? 0])),
  }));
  if (!rows.length) return;
  const set = Object.fromEntries(COUNTERS.map((k) => [k, trx.raw('?? + ??', [`analytics_hourly.${k}`, `excluded.${k}`])]));
  for (let i = 0; i < rows.length; i += 1000)
    await trx('analytics_hourly')
      .insert(rows.slice(i, i + 1000))
      .onConflict(['tenant_id', 'hour', 'channel', 'agent_id', 'site_key'])
      .merge(set);
}
