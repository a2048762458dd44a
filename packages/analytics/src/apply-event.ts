import type { Knex } from 'knex';
import { inTransactionWithRetry, type DurableEvent, type NewDurableEvent } from '@bacon/sdk';
import { AI_DRAFT_FEEDBACK, CSAT_REQUESTED, type CsatRequestedPayload } from '@bacon/analytics-contract';
import { addDraftFeedback, draftFeedbackOf } from './ai-drafts.js';
import type { Conversation, Message } from '@bacon/inbox-contract';
import { fold, type ConversationFacts, type Cycle, type FoldChange, type RollupDelta } from './fold.js';
import { addToRollup, loadFactsMany, saveFacts } from './store.js';

/** The topics the consumer reads: the inbox's (notes change no metric), and the AI drafts' verdicts. */
export const ANALYTICS_TOPICS = ['conversation.*', 'message.created', AI_DRAFT_FEEDBACK];

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
    out.push({ kind: 'message', at, authorKind: m.authorKind, authorId: m.authorId, siteKey: siteKeyOf(m.payload) });
  } else if (event.topic.startsWith('conversation.') && payload.conversation) {
    const conv = payload.conversation;
    const at = new Date(conv.updatedAt);
    if (!facts) out.push({ kind: 'created', at: new Date(conv.createdAt), channel: conv.channel });
    if (conv.state !== (facts?.state ?? 'new')) out.push({ kind: 'state', at, to: conv.state });
    if ((conv.assigneeId ?? null) !== (facts?.assigneeId ?? null)) out.push({ kind: 'assignee', at, agentId: conv.assigneeId });
  }
  return out;
}

/** The widget's site key a web message carries (`payload.metadata.siteKey`, set by the web channel). */
export function siteKeyOf(payload: unknown): string | null {
  const key = (payload as { metadata?: { siteKey?: unknown } } | null)?.metadata?.siteKey;
  return typeof key === 'string' && key ? key : null;
}

/** The conversation an inbox event is about, if any. */
function conversationOf(event: DurableEvent): string | undefined {
  const id = (event.payload as { conversationId?: unknown } | null)?.conversationId;
  return typeof id === 'string' ? id : undefined;
}

/** Applies one event (a batch of one); answers whether anything changed. */
export async function applyEvent(db: Knex, event: DurableEvent, opts: ApplyOptions = {}): Promise<boolean> {
  return (await applyEvents(db, [event], opts)).length > 0;
}

/** What a close does beyond the facts: the CSAT survey of a web conversation (see docs/analytics.md). */
export interface ApplyOptions {
  /** The tenant's survey setting for a site key (read once per tenant and batch). */
  surveyFor?: (tenantId: string) => Promise<(siteKey: string) => { enabled: boolean; question: string }>;
  /** Appends durable events in the batch's transaction (`csat.requested`). */
  append?: (trx: Knex, events: NewDurableEvent[]) => Promise<void>;
}

type SurveyOf = (siteKey: string) => { enabled: boolean; question: string };

/** A close seen in a batch: the survey it may request. */
interface Close {
  conversationId: string;
  contactId: string | null;
  cycle: number;
  channel: string;
  agentId: string;
  siteKey: string;
  at: Date;
}

/**
 * Applies a batch of inbox events in one transaction: their ids are recorded first in one insert
 * (an id already there means the event was applied: it is skipped, so a redelivery counts once),
 * then each tenant's conversations are loaded in one read, folded in the batch's order (two events of
 * one conversation apply one after the other), and written back in one upsert per table; the rollup
 * increments of the whole batch are summed per row first. Answers the tenants whose analytics changed.
 */
export async function applyEvents(db: Knex, events: DurableEvent[], opts: ApplyOptions = {}): Promise<string[]> {
  const seen = new Set<string>();
  const relevant = events.filter((e) => conversationOf(e) && !seen.has(e.id) && seen.add(e.id));
  if (!relevant.length) return [];
  // Settings are read before the transaction: on PGlite (one connection) a read beside it would wait forever.
  const surveys = new Map<string, SurveyOf>();
  if (opts.surveyFor)
    for (const e of relevant)
      if ((e.payload as { conversation?: Conversation }).conversation?.state === 'closed' && !surveys.has(e.tenantId))
        surveys.set(e.tenantId, await opts.surveyFor(e.tenantId));
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
      const inbox = tenantEvents.filter((e) => e.topic !== AI_DRAFT_FEEDBACK);
      const feedback = tenantEvents.flatMap((e) => draftFeedbackOf(e) ?? []);
      const folded = await applyTenantEvents(trx, tenantId, inbox, opts, surveys.get(tenantId));
      await addDraftFeedback(trx, tenantId, feedback);
      if (folded || feedback.length) changed.push(tenantId);
    }
    return changed;
  });
}

async function applyTenantEvents(
  trx: Knex,
  tenantId: string,
  events: DurableEvent[],
  opts: ApplyOptions,
  surveyOf: SurveyOf | undefined,
): Promise<boolean> {
  if (!events.length) return false;
  const ids = [...new Set(events.map((e) => conversationOf(e)!))];
  const known = await loadFactsMany(trx, tenantId, ids);
  const touched = new Map<string, { facts: ConversationFacts; cycles: Map<number, Cycle> }>();
  const deltas: RollupDelta[] = [];
  const closes: Close[] = [];
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
      if (change.kind === 'state' && r.deltas.some((d) => d.counts.resolved) && facts.siteKey) {
        const contactId = (event.payload as { conversation?: Conversation }).conversation?.contactId ?? null;
        const c = facts.cycle;
        closes.push({
          conversationId,
          contactId,
          cycle: c.n,
          channel: facts.channel,
          agentId: c.resolverId ?? '',
          siteKey: facts.siteKey,
          at: change.at,
        });
      }
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
  if (closes.length && surveyOf) await requestSurveys(trx, tenantId, closes, surveyOf, opts);
  return true;
}

/**
 * The surveys of a batch's closes whose site key has them on: one row each in
 * `analytics_csat_requests` (a close delivered again requests nothing new) and a `csat.requested`
 * event, both in the batch's transaction.
 */
async function requestSurveys(trx: Knex, tenantId: string, closes: Close[], surveyOf: SurveyOf, opts: ApplyOptions): Promise<void> {
  const rows = closes
    .map((c) => ({ c, survey: surveyOf(c.siteKey) }))
    .filter((x) => x.survey.enabled)
    .map(({ c, survey }) => ({
      tenant_id: tenantId,
      conversation_id: c.conversationId,
      cycle: c.cycle,
      site_key: c.siteKey,
      question: survey.question,
      channel: c.channel,
      agent_id: c.agentId,
      requested_at: c.at,
    }));
  if (!rows.length) return;
  const saved: { conversation_id: string; cycle: number }[] = await trx('analytics_csat_requests')
    .insert(rows)
    .onConflict(['tenant_id', 'conversation_id', 'cycle'])
    .ignore()
    .returning(['conversation_id', 'cycle']);
  const fresh = new Set(saved.map((r) => `${r.conversation_id}:${r.cycle}`));
  const events = rows
    .filter((r) => fresh.has(`${r.conversation_id}:${r.cycle}`))
    .map((r): NewDurableEvent => {
      const payload: CsatRequestedPayload = {
        tenantId,
        conversationId: r.conversation_id,
        contactId: closes.find((c) => c.conversationId === r.conversation_id && c.cycle === r.cycle)?.contactId ?? null,
        cycle: r.cycle,
        siteKey: r.site_key,
        question: r.question,
        requestedAt: r.requested_at.toISOString(),
      };
      return { topic: CSAT_REQUESTED, tenantId, key: r.conversation_id, payload };
    });
  if (events.length) await opts.append?.(trx, events);
}
