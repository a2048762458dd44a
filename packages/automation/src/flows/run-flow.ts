import { randomUUID } from 'node:crypto';
import type { DurableEvent } from '@bacon/sdk';
import type { EventCause } from '@bacon/inbox-contract';
import type { FlowDeps } from './flow-deps.js';
import { END, type FlowDefinition } from './flow-schema.js';
import { FlowErrors } from './flow-errors.js';
import { flowVersion, getFlow } from './flows.js';
import { claimWaiting, runByStartKey, saveRun, toRun, type FlowRun, type RunRow } from './flow-runs.js';
import { runStep } from './run-step.js';
import type { Facts } from '../services/match-trigger.js';

/** The jobs queue (namespaced `automation.flow-wait`) whose jobs end a wait that got no answer. */
export const FLOW_WAIT_QUEUE = 'flow-wait';

export interface WaitJob {
  runId: string;
  /** The run's claim key while it waits: a job of an older wait finds it changed and does nothing. */
  token: string;
}

/** A run never goes through more steps than this in one drive (a branch looping on itself stops). */
const MAX_STEPS_PER_DRIVE = 100;

/** Starts a run of a flow in a conversation, once per `startKey`; a second call with the same key continues it. */
export async function startFlow(
  deps: FlowDeps,
  input: { tenantId: string; flowId: string; conversationId: string; startKey: string; cause?: EventCause; vars?: Record<string, unknown> },
): Promise<FlowRun> {
  const flow = await getFlow(deps.db, input.tenantId, input.flowId);
  if (!flow.enabled) throw FlowErrors.flowDisabled(flow.id);
  if (!(await deps.inbox.getConversation(input.tenantId, input.conversationId)))
    throw FlowErrors.conversationNotFound(input.conversationId);
  const now = new Date();
  const [row] = (await deps
    .db('automation_flow_runs')
    .insert({
      id: randomUUID(),
      tenant_id: input.tenantId,
      flow_id: flow.id,
      flow_version: flow.version,
      conversation_id: input.conversationId,
      start_key: input.startKey,
      status: 'running',
      current_step: flow.definition.steps[0]!.id,
      claim_key: input.startKey,
      vars: JSON.stringify(input.vars ?? {}),
      cause: input.cause ? JSON.stringify(input.cause) : null,
      trace_id: randomUUID(),
      started_at: now,
      updated_at: now,
    })
    .onConflict(['flow_id', 'start_key'])
    .ignore()
    .returning('*')) as RunRow[];
  const run = row ? toRun(row) : await runByStartKey(deps.db, flow.id, input.startKey);
  // A second start with the same key: continue what the first left running (a crash), else leave it be.
  if (run && run.status === 'running' && run.claimKey === input.startKey) await drive(deps, run);
  return run!;
}

/** The visitor's message answers the waiting runs of the conversation (the durable consumer calls this). */
export async function answerWaitingRuns(deps: FlowDeps, event: DurableEvent): Promise<void> {
  const p = (event.payload ?? {}) as {
    conversationId?: string;
    message?: { authorKind?: string; body?: string; seq?: number; payload?: unknown };
  };
  const conversationId = p.conversationId ?? event.key;
  if (p.message?.authorKind !== 'contact' || !conversationId) return;
  const rows = (await deps
    .db('automation_flow_runs')
    .where({ tenant_id: event.tenantId, conversation_id: conversationId })
    .andWhere((q) => q.where({ status: 'waiting' }).orWhere({ status: 'running', claim_key: event.id }))) as RunRow[];
  for (const candidate of rows.map(toRun)) {
    if (candidate.status === 'waiting' && (p.message.seq ?? 0) <= (candidate.waitAfterSeq ?? 0)) continue; // written before the question
    const reply = replyOf(p.message);
    const def = await definitionOf(deps, candidate);
    const ask = def?.steps.find((s) => s.id === candidate.currentStep);
    const saveAs = ask?.type === 'ask' ? (ask.saveAs ?? 'reply') : 'reply';
    const run = await claimWaiting(deps.db, { id: candidate.id }, event.id, { ...candidate.vars, lastReply: reply, [saveAs]: reply.text });
    if (!run || !def) continue;
    if (run.steps.at(-1)?.outcome === 'waiting') {
      run.steps.push({ id: run.currentStep, type: 'reply', ok: true, ms: 0, at: new Date().toISOString(), outcome: 'reply' });
      run.currentStep = ask?.next ?? nextAfter(def, run.currentStep);
      await saveRun(deps.db, run);
    }
    await drive(deps, run, def);
  }
}

/** A wait's job: when the run still waits on the same question, it takes the timeout branch. */
export async function endWait(deps: FlowDeps, job: WaitJob): Promise<void> {
  const key = `timeout:${job.token}`;
  const run = await claimWaiting(deps.db, { id: job.runId, claimKey: job.token }, key);
  if (!run) return; // answered, or already timed out
  const def = await definitionOf(deps, run);
  if (!def) return;
  if (run.steps.at(-1)?.outcome === 'waiting') {
    const ask = def.steps.find((s) => s.id === run.currentStep);
    run.steps.push({ id: run.currentStep, type: 'timeout', ok: true, ms: 0, at: new Date().toISOString(), outcome: 'timeout' });
    run.currentStep = ask?.type === 'ask' ? (ask.onTimeout ?? END) : END;
    await saveRun(deps.db, run);
  }
  await drive(deps, run, def);
}

function replyOf(m: { body?: string; payload?: unknown }): { text: string; value: string } {
  // A quick-reply or postback answer: channels put it in the message's metadata (`reply: {value, label}`).
  const chosen = (m.payload as { metadata?: { reply?: { value?: unknown } } } | null | undefined)?.metadata?.reply?.value;
  return { text: m.body ?? '', value: typeof chosen === 'string' ? chosen : (m.body ?? '') };
}

const definitionOf = (deps: FlowDeps, run: FlowRun) => flowVersion(deps.db, run.tenantId, run.flowId, run.flowVersion);

function nextAfter(def: FlowDefinition, id: string): string {
  const i = def.steps.findIndex((s) => s.id === id);
  return def.steps[i + 1]?.id ?? END;
}

async function factsOf(deps: FlowDeps, run: FlowRun, def: FlowDefinition): Promise<Facts> {
  const conversation = (await deps.inbox.getConversation(run.tenantId, run.conversationId)) as unknown as
    Record<string, unknown> | undefined;
  const facts: Facts & { vars: Record<string, unknown>; reply: unknown } = {
    topic: 'automation.flow',
    conversation,
    channel: { id: conversation?.channel },
    vars: run.vars,
    reply: run.vars.lastReply,
  };
  if (JSON.stringify(def).includes('contact.')) {
    const t = await deps.inbox.exportTranscript(run.tenantId, run.conversationId).catch(() => undefined);
    facts.contact = (t?.contact ?? undefined) as Record<string, unknown> | undefined;
  }
  return facts;
}

/** Runs steps from the run's current one until it waits, ends or fails, saving after each step. */
async function drive(deps: FlowDeps, run: FlowRun, known?: FlowDefinition): Promise<void> {
  const def = known ?? (await definitionOf(deps, run));
  const log = deps.log.child({ traceId: run.traceId, flowId: run.flowId, runId: run.id });
  if (!def) return;
  for (let n = 0; run.status === 'running'; n++) {
    const index = def.steps.findIndex((s) => s.id === run.currentStep);
    if (run.currentStep === END || index < 0 || n >= MAX_STEPS_PER_DRIVE) {
      run.status = n >= MAX_STEPS_PER_DRIVE && index >= 0 ? 'failed' : 'done';
      if (run.status === 'failed') run.error = `more than ${MAX_STEPS_PER_DRIVE} steps without waiting: a loop?`;
      run.currentStep = END;
      await saveRun(deps.db, run);
      deps.metrics.runsEnded.inc({ status: run.status });
      return;
    }
    const step = def.steps[index]!;
    const started = performance.now();
    const at = new Date().toISOString();
    try {
      const result = await runStep(deps, run, def, index, await factsOf(deps, run, def));
      const ms = Math.round(performance.now() - started);
      deps.metrics.stepDuration.observe({ type: step.type, outcome: 'ok' }, ms / 1000);
      run.steps.push({ id: step.id, type: step.type, ok: true, ms, at, ...(result.outcome ? { outcome: result.outcome } : {}) });
      if (result.vars) run.vars = { ...run.vars, ...result.vars };
      run.currentStep = result.next;
      if (result.wait) {
        run.status = 'waiting';
        run.waitingUntil = result.wait.until.toISOString();
        run.waitAfterSeq = result.wait.afterSeq;
        const token = `wait:${run.id}:${run.steps.length}`;
        await saveRun(deps.db, run, token);
        await deps.jobs.send(FLOW_WAIT_QUEUE, { runId: run.id, token } satisfies WaitJob, {
          startAfter: result.wait.until,
          singletonKey: token,
        });
        return;
      }
      if (result.handedOver) {
        run.status = 'handed_over';
        deps.metrics.runsEnded.inc({ status: run.status });
      }
      await saveRun(deps.db, run);
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      const message = (err as Error).message ?? String(err);
      deps.metrics.stepDuration.observe({ type: step.type, outcome: 'failed' }, ms / 1000);
      run.steps.push({ id: step.id, type: step.type, ok: false, ms, at, error: message });
      run.status = 'failed';
      run.error = `step ${step.id} (${step.type}) failed: ${message}`;
      await saveRun(deps.db, run);
      deps.metrics.runsEnded.inc({ status: 'failed' });
      log.warn({ step: step.id, err: message }, 'automation flow step failed');
      return;
    }
  }
}
