import type { Knex } from 'knex';
import type { RebuildResult } from '@bacon/analytics-contract';
import { fold, hourOf, type ConversationFacts, type Cycle, type FoldChange, type RollupDelta } from './fold.js';
import { addToRollup, mergeDeltas, saveFacts } from './store.js';

const BATCH = 500;
const RANK: Record<FoldChange['kind'], number> = { created: 0, state: 1, assignee: 2, message: 3 };

/**
 * Recomputes a tenant's facts, cycles and rollups from the inbox's rows (conversations, messages,
 * the audit log's transitions, the assignment history) and the CSAT answers, running the same fold
 * as the consumer. One repeatable-read transaction whose snapshot is taken after it locked out the
 * consumer (`LOCK TABLE` takes no snapshot): every event whose change the snapshot sees is marked
 * applied, so the consumer neither misses nor repeats one. The consumer waits meanwhile.
 */
export async function rebuildTenant(
  db: Knex,
  tenantId: string,
  eventsTable = 'host_events',
  onProgress?: (done: RebuildResult) => void,
): Promise<RebuildResult> {
  return db.transaction(async (trx) => {
    await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await trx.raw('LOCK TABLE analytics_applied_events IN SHARE ROW EXCLUSIVE MODE');
    for (const table of ['analytics_cycles', 'analytics_conversations', 'analytics_hourly'])
      await trx(table).where({ tenant_id: tenantId }).delete();
    await trx.raw(
      `INSERT INTO analytics_applied_events (event_id, tenant_id)
       SELECT id, tenant_id FROM ?? WHERE tenant_id = ? AND (topic LIKE 'conversation.%' OR topic = 'message.created')
       ON CONFLICT (event_id) DO NOTHING`,
      [eventsTable, tenantId],
    );
    const totals = new Map<string, RollupDelta>();
    const result: RebuildResult = { conversations: 0, messages: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const convs = await trx('inbox_conversations')
        .where({ tenant_id: tenantId })
        .andWhere('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .select('id', 'channel', 'state', 'assignee_id', 'created_at');
      if (!convs.length) break;
      after = convs[convs.length - 1].id;
      const { changes, messages } = await rawChanges(trx, tenantId, convs);
      const saved: { facts: ConversationFacts; cycles: Cycle[] }[] = [];
      for (const conv of convs) {
        let facts: ConversationFacts | undefined;
        const cycles = new Map<number, Cycle>();
        for (const change of changes.get(conv.id) ?? []) {
          const r = fold(conv.id, facts, change);
          facts = r.facts;
          for (const c of r.cycles) cycles.set(c.n, c);
          mergeDeltas(r.deltas, totals);
        }
        // The row's current state and assignee are what the last event carried.
        saved.push({ facts: { ...facts!, state: conv.state, assigneeId: conv.assignee_id ?? null }, cycles: [...cycles.values()] });
      }
      await saveFacts(trx, tenantId, saved);
      result.conversations += convs.length;
      result.messages += messages;
      onProgress?.({ ...result });
    }
    const answers = await trx('analytics_csat')
      .where({ tenant_id: tenantId })
      .select('score', 'channel', 'agent_id', 'site_key', 'answered_at');
    mergeDeltas(
      answers.map((a) => ({
        hour: hourOf(new Date(a.answered_at)),
        channel: a.channel,
        agentId: a.agent_id,
        siteKey: a.site_key,
        counts: { csat_responses: 1, csat_sum: a.score },
      })),
      totals,
    );
    await addToRollup(trx, tenantId, totals.values());
    return result;
  });
}

type Ranked = FoldChange & { rank: number; seq: number };

/** Every change of a batch of conversations, per conversation, in the order their events were appended. */
async function rawChanges(trx: Knex, tenantId: string, convs: { id: string; channel: string; created_at: string }[]) {
  const ids = convs.map((c) => c.id);
  const byConv = new Map<string, Ranked[]>();
  const push = (id: string, change: FoldChange, seq = 0) => {
    const list = byConv.get(id) ?? [];
    list.push({ ...change, rank: RANK[change.kind], seq } as Ranked);
    byConv.set(id, list);
  };
  for (const c of convs) push(c.id, { kind: 'created', at: new Date(c.created_at), channel: c.channel });
  // One after another: a transaction is one connection.
  const messages = await trx('inbox_messages')
    .where({ tenant_id: tenantId })
    .whereIn('conversation_id', ids)
    .select('conversation_id', 'seq', 'author_kind', 'author_id', 'created_at', trx.raw("payload->'metadata'->>'siteKey' AS site_key"));
  const audits = await trx('inbox_audit_log')
    .where({ tenant_id: tenantId })
    .whereIn('conversation_id', ids)
    .whereNotNull('to_state')
    .select('conversation_id', 'to_state', 'created_at');
  const assignments = await trx('inbox_assignments')
    .where({ tenant_id: tenantId })
    .whereIn('conversation_id', ids)
    .select('conversation_id', 'agent_id', 'created_at');
  for (const m of messages)
    push(
      m.conversation_id,
      { kind: 'message', at: new Date(m.created_at), authorKind: m.author_kind, authorId: m.author_id, siteKey: m.site_key ?? null },
      m.seq,
    );
  for (const a of audits) push(a.conversation_id, { kind: 'state', at: new Date(a.created_at), to: a.to_state });
  for (const a of assignments) push(a.conversation_id, { kind: 'assignee', at: new Date(a.created_at), agentId: a.agent_id ?? null });
  const changes = new Map<string, FoldChange[]>();
  for (const [id, list] of byConv) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank || a.seq - b.seq);
    changes.set(
      id,
      list.map(({ rank: _r, seq: _s, ...change }) => change as FoldChange),
    );
  }
  return { changes, messages: messages.length };
}
