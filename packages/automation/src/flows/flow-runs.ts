import type { Knex } from 'knex';
import type { EventCause } from '@bacon/inbox-contract';
import { fromJson } from './flows.js';

export type RunStatus = 'running' | 'waiting' | 'done' | 'failed' | 'handed_over';

/** One step as it ran (the run's telemetry; metrics aggregate the same by step type). */
export interface StepRecord {
  id: string;
  type: string;
  ok: boolean;
  ms: number;
  at: string;
  /** `waiting`, `reply`, `timeout`, a branch's choice ... */
  outcome?: string;
  error?: string;
}

export interface FlowRun {
  id: string;
  tenantId: string;
  flowId: string;
  flowVersion: number;
  conversationId: string;
  startKey: string;
  status: RunStatus;
  currentStep: string;
  claimKey: string;
  waitAfterSeq: number | null;
  waitingUntil: string | null;
  vars: Record<string, unknown>;
  cause: EventCause | null;
  steps: StepRecord[];
  error: string | null;
  traceId: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface RunRow {
  id: string;
  tenant_id: string;
  flow_id: string;
  flow_version: number;
  conversation_id: string;
  start_key: string;
  status: RunStatus;
  current_step: string;
  claim_key: string;
  wait_after_seq: number | null;
  waiting_until: Date | string | null;
  vars: Record<string, unknown> | string;
  cause: EventCause | string | null;
  steps: StepRecord[] | string;
  error: string | null;
  trace_id: string;
  started_at: Date | string;
  updated_at: Date | string;
  finished_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function toRun(r: RunRow): FlowRun {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    flowId: r.flow_id,
    flowVersion: r.flow_version,
    conversationId: r.conversation_id,
    startKey: r.start_key,
    status: r.status,
    currentStep: r.current_step,
    claimKey: r.claim_key,
    waitAfterSeq: r.wait_after_seq,
    waitingUntil: iso(r.waiting_until),
    vars: fromJson(r.vars),
    cause: r.cause === null ? null : fromJson(r.cause),
    steps: fromJson(r.steps),
    error: r.error,
    traceId: r.trace_id,
    startedAt: iso(r.started_at)!,
    updatedAt: iso(r.updated_at)!,
    finishedAt: iso(r.finished_at),
  };
}

export async function listRuns(db: Knex, tenantId: string, flowId: string, limit: number): Promise<FlowRun[]> {
  const rows = (await db('automation_flow_runs')
    .where({ tenant_id: tenantId, flow_id: flowId })
    .orderBy('started_at', 'desc')
    .limit(limit)) as RunRow[];
  return rows.map(toRun);
}

export async function runByStartKey(db: Knex, flowId: string, startKey: string): Promise<FlowRun | undefined> {
  const row = (await db('automation_flow_runs').where({ flow_id: flowId, start_key: startKey }).first()) as RunRow | undefined;
  return row && toRun(row);
}

/**
 * Takes a waiting run over for `claimKey` (a reply event's id, or the timeout's key) with
 * compare-and-set: of a reply and a timeout racing, or two deliveries of one, exactly one wins. A
 * run already taken over by the same key (a redelivery after a crash) is answered too, to continue.
 */
export async function claimWaiting(
  db: Knex,
  where: { id: string; claimKey?: string },
  claimKey: string,
  vars?: Record<string, unknown>,
): Promise<FlowRun | undefined> {
  const q = db('automation_flow_runs').where({ id: where.id, status: 'waiting' });
  if (where.claimKey) q.andWhere({ claim_key: where.claimKey });
  const patch: Record<string, unknown> = { status: 'running', claim_key: claimKey, waiting_until: null, updated_at: new Date() };
  if (vars) patch.vars = JSON.stringify(vars);
  const [row] = (await q.update(patch).returning('*')) as RunRow[];
  if (row) return toRun(row);
  const again = (await db('automation_flow_runs').where({ id: where.id, status: 'running', claim_key: claimKey }).first()) as
    RunRow | undefined;
  return again && toRun(again);
}

/**
 * Saves the run's progress, as long as it is still driven by the same key; `handOff` is the key
 * the next driver must present (a wait's token, which its timeout job carries).
 */
export async function saveRun(db: Knex, run: FlowRun, handOff?: string): Promise<void> {
  const done = run.status === 'done' || run.status === 'failed' || run.status === 'handed_over';
  await db('automation_flow_runs')
    .where({ id: run.id, claim_key: run.claimKey })
    .update({
      status: run.status,
      claim_key: handOff ?? run.claimKey,
      current_step: run.currentStep,
      wait_after_seq: run.waitAfterSeq,
      waiting_until: run.waitingUntil,
      vars: JSON.stringify(run.vars),
      steps: JSON.stringify(run.steps),
      error: run.error,
      updated_at: new Date(),
      finished_at: done ? new Date() : null,
    });
  if (handOff) run.claimKey = handOff;
}
