import type { Knex } from 'knex';
import { inTransactionWithRetry, type DurableEvent } from '@bacon/sdk';
import type { Conversation, Message } from '@bacon/inbox-contract';
import { fold, type ConversationFacts, type Cycle, type FoldChange, type RollupDelta } from './fold.js';
import { addToRollup, loadFacts, saveFacts } from './store.js';

/** The inbox topics the consumer reads (notes change no metric). */
export const ANALYTICS_TOPICS = ['conversation.*', 'message.created'];

/**
 * The fold's changes carried by one inbox event, given the facts known so far: a conversation
 * event is compared with the facts (a state or assignee that differs is a change), a message is one.
 */
export function changesOf(event: DurableEvent, facts: ConversationFacts | undefined): FoldChange[] {
  const payload = event.payload as { conversation?: Conversation; message?: Message };
  const out: FoldChange[] = [];
  if (event.topic === 'message.created' && payload.message) {
    const m = payload.message;
    const at = new Date(m.createdAt);
    if (!facts) out.push({ kind: 'created', at, channel: m.channel });
    out.push({ kind: 'message', at, authorKind: m.authorKind, authorId: m.authorId });
  } else if (event.topic.startsWith('conversation.') && payload.conversation) {
    const conv = payload.conversation;
    const at = new Date(conv.updatedAt);
    if (!facts) out.push({ kind: 'created', at: new Date(conv.createdAt), channel: conv.channel });
    if (conv.state !== (facts?.state ?? 'new')) out.push({ kind: 'state', at, to: conv.state });
    if ((conv.assigneeId ?? null) !== (facts?.assigneeId ?? null)) out.push({ kind: 'assignee', at, agentId: conv.assigneeId });
  }
  return out;
}

/** The conversation an inbox event is about, if any. */
function conversationOf(event: DurableEvent): string | undefined {
  const id = (event.payload as { conversationId?: unknown } | null)?.conversationId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Applies one event in one transaction: its id is recorded first (an id already there means the
 * event was applied: nothing happens, so a redelivery counts once), then the facts, cycles and
 * rollups move. Answers whether anything changed.
 */
export async function applyEvent(db: Knex, event: DurableEvent): Promise<boolean> {
  const conversationId = conversationOf(event);
  if (!conversationId) return false;
  return inTransactionWithRetry(db, async (trx) => {
    const marked = await trx('analytics_applied_events')
      .insert({ event_id: event.id, tenant_id: event.tenantId })
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    if (!marked.length) return false;
    let facts = await loadFacts(trx, event.tenantId, conversationId);
    const changes = changesOf(event, facts);
    if (!changes.length) return true;
    const cycles = new Map<number, Cycle>();
    const deltas: RollupDelta[] = [];
    for (const change of changes) {
      const r = fold(conversationId, facts, change);
      facts = r.facts;
      for (const c of r.cycles) cycles.set(c.n, c);
      deltas.push(...r.deltas);
    }
    await saveFacts(trx, event.tenantId, [{ facts: facts!, cycles: [...cycles.values()] }]);
    await addToRollup(trx, event.tenantId, deltas);
    return true;
  });
}
