import type { Knex } from 'knex';
import { inTransactionWithRetry, type DurableEvent } from '@bacon/sdk';
import type { Conversation, Message } from '@bacon/inbox-contract';
import { fold, type ConversationFacts, type Cycle, type FoldChange, type RollupDelta } from './fold.js';
import { addToRollup, loadFactsMany, saveFacts } from './store.js';

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

/** Applies one event (a batch of one); answers whether anything changed. */
export async function applyEvent(db: Knex, event: DurableEvent): Promise<boolean> {
  return (await applyEvents(db, [event])).length > 0;
}

/**
 * Applies a batch of inbox events in one transaction: their ids are recorded first in one insert
 * (an id already there means the event was applied: it is skipped, so a redelivery counts once),
 * then each tenant's conversations are loaded in one read, folded in the batch's order (two events of
 * one conversation apply one after the other), and written back in one upsert per table; the rollup
 * increments of the whole batch are summed per row first. Answers the tenants whose analytics changed.
 */
export async function applyEvents(db: Knex, events: DurableEvent[]): Promise<string[]> {
  const seen = new Set<string>();
  const relevant = events.filter((e) => conversationOf(e) && !seen.has(e.id) && seen.add(e.id));
  if (!relevant.length) return [];
  return inTransactionWithRetry(db, async (trx) => {
    const marked = await trx('analytics_applied_events')
      .insert(relevant.map((e) => ({ event_id: e.id, tenant_id: e.tenantId })))
      .onConflict('event_id')
      .ignore()
      .returning('event_id');
    const fresh = new Set(marked.map((m: { event_id: string | number }) => String(m.event_id)));
    const byTenant = new Map<string, DurableEvent[]>();
    for (const e of relevant) if (fresh.has(e.id)) byTenant.set(e.tenantId, [...(byTenant.get(e.tenantId) ?? []), e]);
    const changed: string[] = [];
    for (const [tenantId, tenantEvents] of byTenant) {
      if (await applyTenantEvents(trx, tenantId, tenantEvents)) changed.push(tenantId);
    }
    return changed;
  });
}

async function applyTenantEvents(trx: Knex, tenantId: string, events: DurableEvent[]): Promise<boolean> {
  const ids = [...new Set(events.map((e) => conversationOf(e)!))];
  const known = await loadFactsMany(trx, tenantId, ids);
  const touched = new Map<string, { facts: ConversationFacts; cycles: Map<number, Cycle> }>();
  const deltas: RollupDelta[] = [];
  for (const event of events) {
    const conversationId = conversationOf(event)!;
    let facts = touched.get(conversationId)?.facts ?? known.get(conversationId);
    const changes = changesOf(event, facts);
    if (!changes.length) continue;
    const cycles = touched.get(conversationId)?.cycles ?? new Map<number, Cycle>();
    for (const change of changes) {
      const r = fold(conversationId, facts, change);
      facts = r.facts;
      for (const c of r.cycles) cycles.set(c.n, c);
      deltas.push(...r.deltas);
    }
    touched.set(conversationId, { facts: facts!, cycles });
  }
  if (!touched.size) return false;
  await saveFacts(
    trx,
    tenantId,
    [...touched.values()].map((t) => ({ facts: t.facts, cycles: [...t.cycles.values()] })),
  );
  await addToRollup(trx, tenantId, deltas);
  return true;
}
