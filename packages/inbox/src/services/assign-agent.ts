import { lockTenantAssignments } from '../repositories/agents.js';
import { findConversation, updateConversation } from '../repositories/conversations.js';
import { insertAssignmentAudited } from '../repositories/history.js';
import { InboxErrors } from '../errors.js';
import type { Actor, AssignStrategy, Conversation } from '@bacon/inbox-contract';
import { agentLoads, hasRoom } from './capacity.js';
import type { InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { inTransaction, type Work } from './unit-of-work.js';
import { requireAgent } from './require-agent.js';

export interface AssignOptions {
  strategy: AssignStrategy;
  actor: Actor;
  now: Date;
}

/**
 * Gives `conv` (locked by the caller) to `agentId` inside an open unit of work: takes the tenant's
 * assignment lock, checks capacity, writes history and audit, queues the events. An assigned or new
 * conversation ends up assigned; a snoozed one stays snoozed with its new agent.
 */
export async function assignAgentIn(
  work: Work,
  deps: InboxDeps,
  conv: Conversation,
  agentId: string,
  opts: AssignOptions,
): Promise<Conversation> {
  if (conv.state === 'closed') throw InboxErrors.conversationClosed();
  if (conv.assigneeId === agentId) return conv;
  await lockTenantAssignments(work.trx, conv.tenantId);
  const load = (await agentLoads(work.trx, conv.tenantId, [agentId])).get(agentId)!;
  if (!hasRoom(load)) throw InboxErrors.agentAtCapacity(agentId, load.capacity!);
  const state = conv.state === 'snoozed' ? 'snoozed' : 'assigned';
  const updated = await updateConversation(work.trx, conv.tenantId, conv.id, { assignee_id: agentId, state }, opts.now);
  await recordAssignment(work, deps, conv, updated, opts);
  return updated;
}

/** History, audit, events and metrics of one assignment that has just been written. */
export async function recordAssignment(
  work: Work,
  deps: InboxDeps,
  before: Conversation,
  after: Conversation,
  opts: AssignOptions,
): Promise<void> {
  await insertAssignmentAudited(work.trx, {
    tenantId: after.tenantId,
    conversationId: after.id,
    agentId: after.assigneeId,
    previousAgentId: before.assigneeId,
    strategy: opts.strategy,
    actor: opts.actor,
    fromState: before.state,
    toState: after.state,
    now: opts.now,
  });
  announceAssignment(work, deps, before, after, opts);
}

/** Events and metrics of an assignment whose rows (conversation, history, audit) are written. */
export function announceAssignment(work: Work, deps: InboxDeps, before: Conversation, after: Conversation, opts: AssignOptions): void {
  emitConversation(work, 'conversation.assigned', after, {
    agentId: after.assigneeId,
    previousAgentId: before.assigneeId,
    strategy: opts.strategy,
  });
  if (before.state !== after.state) emitConversation(work, 'conversation.transitioned', after, { from: before.state, to: after.state });
  const metrics = deps.metrics;
  if (!metrics) return;
  work.afterCommit(() => {
    if (before.assigneeId) metrics.reassignments.inc({ plugin: 'inbox' });
    const since = before.waitingSince ?? before.createdAt;
    if (!before.assigneeId)
      metrics.assignmentWait.observe(
        { plugin: 'inbox', strategy: opts.strategy },
        Math.max(0, (opts.now.getTime() - Date.parse(since)) / 1000),
      );
  });
}

/** Manual assignment (`{agentId}`): the agent must belong to the tenant and have room. */
export async function assignConversation(
  deps: InboxDeps,
  input: { tenantId: string; conversationId: string; agentId: string; actor: Actor; now?: Date },
): Promise<Conversation> {
  await requireAgent(deps, input.tenantId, input.agentId);
  const end = deps.metrics?.assignmentDuration.startTimer({ plugin: 'inbox', strategy: 'manual' });
  const result = await deps.assignments.run(input.tenantId, () =>
    inTransaction({ ...deps, cause: input.actor.cause }, async (work) => {
      const conv = await findConversation(work.trx, input.tenantId, input.conversationId, { forUpdate: true });
      if (!conv) throw InboxErrors.conversationNotFound(input.conversationId);
      return assignAgentIn(work, deps, conv, input.agentId, { strategy: 'manual', actor: input.actor, now: input.now ?? new Date() });
    }),
  );
  end?.();
  return result;
}
