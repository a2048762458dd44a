import { randomUUID } from 'node:crypto';
import type { DurableEvent } from '@bacon/sdk';
import type { Rule } from './rules.js';
import { toRule } from './rules.js';
import { completeFacts, fireRule, type EvaluateDeps } from './evaluate-event.js';
import { matchConditions } from './match-conditions.js';
import type { Facts } from './match-trigger.js';

/** The jobs queue (namespaced `automation.inactivity`) whose jobs fire inactivity timers. */
export const INACTIVITY_QUEUE = 'inactivity';

/** Topic of the synthetic event a fired timer evaluates its rule with. */
export const INACTIVITY_TOPIC = 'automation.inactivity';

type Side = 'agent' | 'visitor';

const sideOf = (authorKind: unknown): Side | undefined =>
  authorKind === 'contact' ? 'visitor' : authorKind === 'agent' ? 'agent' : undefined;

/**
 * On a message: the side that spoke ends the silences waiting for it (their timers are deleted) and
 * starts the silences waiting for the other side, for each enabled rule with an inactivity trigger.
 * A timer already waiting keeps its due time (silence counts from the first unanswered message).
 * Bot and system messages change nothing.
 */
export async function trackSilence(deps: EvaluateDeps, event: DurableEvent, rules: readonly Rule[]): Promise<void> {
  const payload = (event.payload ?? {}) as { conversationId?: string; message?: { authorKind?: string } };
  const spoke = sideOf(payload.message?.authorKind);
  const conversationId = payload.conversationId ?? event.key;
  if (!spoke || !conversationId) return;
  const timed = rules.flatMap((r) =>
    r.definition.triggers.flatMap((t) =>
      t.type === 'inactivity' && t.waitingFor !== spoke ? [{ rule: r, seconds: t.seconds, waitingFor: t.waitingFor }] : [],
    ),
  );
  await deps.db('automation_timers').where({ tenant_id: event.tenantId, conversation_id: conversationId, waiting_for: spoke }).delete();
  for (const { rule, seconds, waitingFor } of timed) {
    const due = new Date(Date.parse(event.at) + seconds * 1000);
    const [row] = (await deps
      .db('automation_timers')
      .insert({
        id: randomUUID(),
        tenant_id: event.tenantId,
        rule_id: rule.id,
        conversation_id: conversationId,
        waiting_for: waitingFor,
        due_at: due,
      })
      .onConflict(['rule_id', 'conversation_id'])
      .ignore()
      .returning('id')) as { id: string }[];
    if (row) await deps.jobs.send(INACTIVITY_QUEUE, { timerId: row.id }, { startAfter: due, singletonKey: row.id });
  }
}

/**
 * A timer's job: if the timer still exists (nobody broke the silence), its rule fires once for it
 * (the evaluation is keyed `timer:<id>`, so a retried job resumes rather than repeats), then the
 * timer goes. pg-boss gives each job to one host of the cluster.
 */
export async function fireTimer(deps: EvaluateDeps, timerId: string): Promise<void> {
  const timer = (await deps.db('automation_timers').where({ id: timerId }).first()) as
    { id: string; tenant_id: string; rule_id: string; conversation_id: string; waiting_for: Side } | undefined;
  if (!timer) return; // cancelled by a reply, or already fired
  const row = await deps.db('automation_rules').where({ id: timer.rule_id, tenant_id: timer.tenant_id, enabled: true }).first();
  if (row) {
    const rule = toRule(row);
    const facts: Facts = { topic: INACTIVITY_TOPIC, waitingFor: timer.waiting_for };
    await completeFacts(deps.inbox, timer.tenant_id, timer.conversation_id, facts, [rule]);
    if (facts.conversation && matchConditions(rule.definition, facts)) {
      const event: DurableEvent = {
        id: `timer:${timer.id}`,
        topic: INACTIVITY_TOPIC,
        tenantId: timer.tenant_id,
        key: timer.conversation_id,
        seq: null,
        payload: { conversationId: timer.conversation_id, waitingFor: timer.waiting_for },
        at: new Date().toISOString(),
      };
      await fireRule(deps, rule, event, facts, timer.conversation_id, 0);
    }
  }
  await deps.db('automation_timers').where({ id: timer.id }).delete();
}
