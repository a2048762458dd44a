import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

/** One evaluation that fired: the audit row of a rule run (rule, version, trigger, actions, result). */
export interface Evaluation {
  id: string;
  ruleId: string;
  ruleVersion: number;
  eventId: string;
  trigger: string;
  conversationId: string | null;
  traceId: string;
  depth: number;
  status: 'running' | 'done' | 'failed';
  actions: ActionOutcome[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ActionOutcome {
  index: number;
  type: string;
  ok: boolean;
  result?: unknown;
  error?: string;
}

interface EvaluationRow {
  id: string;
  rule_id: string;
  rule_version: number;
  event_id: string;
  trigger: string;
  conversation_id: string | null;
  trace_id: string;
  depth: number;
  status: Evaluation['status'];
  actions: ActionOutcome[] | string;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toEvaluation(r: EvaluationRow): Evaluation {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleVersion: r.rule_version,
    eventId: r.event_id,
    trigger: r.trigger,
    conversationId: r.conversation_id,
    traceId: r.trace_id,
    depth: r.depth,
    status: r.status,
    actions: typeof r.actions === 'string' ? (JSON.parse(r.actions) as ActionOutcome[]) : r.actions,
    error: r.error,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
  };
}

/**
 * Claims the (rule, event) pair. Answers the evaluation to run: a new one, or the unfinished one a
 * host left behind (it died mid-run: the actions already done are skipped); undefined when the pair
 * already ran to the end.
 */
export async function claimEvaluation(
  db: Knex,
  input: {
    tenantId: string;
    ruleId: string;
    ruleVersion: number;
    eventId: string;
    trigger: string;
    conversationId?: string;
    depth: number;
  },
): Promise<Evaluation | undefined> {
  const [row] = (await db('automation_evaluations')
    .insert({
      id: randomUUID(),
      tenant_id: input.tenantId,
      rule_id: input.ruleId,
      rule_version: input.ruleVersion,
      event_id: input.eventId,
      trigger: input.trigger,
      conversation_id: input.conversationId ?? null,
      trace_id: randomUUID(),
      depth: input.depth,
      status: 'running',
      started_at: db.fn.now(),
    })
    .onConflict(['rule_id', 'event_id'])
    .ignore()
    .returning('*')) as EvaluationRow[];
  if (row) return toEvaluation(row);
  const existing = (await db('automation_evaluations').where({ rule_id: input.ruleId, event_id: input.eventId }).first()) as
    EvaluationRow | undefined;
  return existing?.status === 'running' ? toEvaluation(existing) : undefined;
}

export async function saveProgress(db: Knex, id: string, actions: ActionOutcome[]): Promise<void> {
  await db('automation_evaluations')
    .where({ id })
    .update({ actions: JSON.stringify(actions) });
}

export async function finishEvaluation(db: Knex, id: string, actions: ActionOutcome[], error?: string): Promise<void> {
  await db('automation_evaluations')
    .where({ id })
    .update({ actions: JSON.stringify(actions), status: error ? 'failed' : 'done', error: error ?? null, finished_at: db.fn.now() });
}

/** Whether the rule fired for this conversation less than `seconds` ago (for another event). */
export async function firedRecently(db: Knex, ruleId: string, conversationId: string, seconds: number, eventId: string): Promise<boolean> {
  const row = await db('automation_evaluations')
    .where({ rule_id: ruleId, conversation_id: conversationId })
    .whereNot({ event_id: eventId })
    .whereRaw(`started_at > now() - (? * interval '1 second')`, [seconds])
    .first('id');
  return row !== undefined;
}

/** How many times the rule fired in the last hour. */
export async function firingsLastHour(db: Knex, ruleId: string): Promise<number> {
  const row = (await db('automation_evaluations')
    .where({ rule_id: ruleId })
    .whereRaw(`started_at > now() - interval '1 hour'`)
    .count<{ n: string | number }[]>({ n: '*' })
    .first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

export async function listEvaluations(db: Knex, tenantId: string, ruleId: string, limit: number): Promise<Evaluation[]> {
  const rows = (await db('automation_evaluations')
    .where({ tenant_id: tenantId, rule_id: ruleId })
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)) as EvaluationRow[];
  return rows.map(toEvaluation);
}
