import type { Knex } from 'knex';
import type { ContextSummary } from './conversation-context.js';

export type FeedbackOutcome = 'accepted' | 'edited' | 'rejected';

export interface DraftRow {
  id: string;
  tenantId: string;
  conversationId: string;
  agentId: string;
  traceId: string;
  kind: 'draft' | 'suggestion';
  provider: string | null;
  model: string | null;
  text: string;
  source: unknown;
  context: ContextSummary;
  promptTokens: number;
  completionTokens: number;
  tokensEstimated: boolean;
  latencyMs: number;
  costUsd: number;
}

export async function insertDraft(db: Knex, d: DraftRow): Promise<void> {
  await db('ai_assist_drafts').insert({
    id: d.id,
    tenant_id: d.tenantId,
    conversation_id: d.conversationId,
    agent_id: d.agentId,
    trace_id: d.traceId,
    kind: d.kind,
    provider: d.provider,
    model: d.model,
    text: d.text,
    source: d.source === null || d.source === undefined ? null : JSON.stringify(d.source),
    context: JSON.stringify(d.context),
    prompt_tokens: d.promptTokens,
    completion_tokens: d.completionTokens,
    tokens_estimated: d.tokensEstimated,
    latency_ms: d.latencyMs,
    cost_usd: d.costUsd,
  });
}

/** The first instant of the month of `now` and of the next one (UTC): the budget's window. */
export function monthWindow(now = new Date()): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** Tokens (prompt and completion) the tenant's drafts used since `since`. */
export async function tokensUsedSince(db: Knex, tenantId: string, since: Date): Promise<number> {
  const row = await db('ai_assist_drafts')
    .where({ tenant_id: tenantId })
    .where('created_at', '>=', since)
    .sum({ n: db.raw('prompt_tokens + completion_tokens') })
    .first();
  return Number(row?.n ?? 0);
}

export interface FeedbackRow {
  id: string;
  conversation_id: string;
  feedback: FeedbackOutcome | null;
}

/** The draft, locked for the feedback's update. */
export async function draftForFeedback(trx: Knex.Transaction, tenantId: string, id: string): Promise<FeedbackRow | undefined> {
  return trx('ai_assist_drafts').where({ tenant_id: tenantId, id }).forUpdate().first('id', 'conversation_id', 'feedback');
}

export async function recordFeedback(
  trx: Knex.Transaction,
  tenantId: string,
  id: string,
  f: { outcome: FeedbackOutcome; editDistance: number | null; by: string; at: Date },
): Promise<void> {
  await trx('ai_assist_drafts')
    .where({ tenant_id: tenantId, id })
    .update({ feedback: f.outcome, edit_distance: f.editDistance, feedback_by: f.by, feedback_at: f.at });
}
