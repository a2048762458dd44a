import { lockTenantAssignments } from '../repositories/agents.js';
import { findConversation, updateConversation, type ConversationPatch } from '../repositories/conversations.js';
import { insertAssignment, insertAudit } from '../repositories/history.js';
import { tenantSettings } from './settings-cache.js';
import { InboxErrors } from '../errors.js';
import type { Actor, Conversation, ConversationState } from '@bacon/inbox-contract';
import { agentLoads, hasRoom } from './capacity.js';
import { WAKE_SNOOZED_QUEUE, type InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { recordAssignment } from './assign-agent.js';
import { requireAgent } from './require-agent.js';
import { assertTransition } from './transitions.js';
import { inTransaction, type Work } from './unit-of-work.js';
import { drainBacklog } from './assign-next.js';

export interface TransitionOptions {
  /** Snoozed: when it wakes. */
  until?: Date;
  /** Assigned: the agent (default: the agent the conversation kept). */
  agentId?: string;
  actor: Actor;
  now: Date;
  /** Audit action name (transition, wake, reopen). */
  action?: string;
}

/**
 * Moves `conv` (locked by the caller) through the transition table inside an open unit of work,
 * writing the audit row and queuing `conversation.transitioned`. Entering `assigned` takes the
 * tenant's assignment lock and checks capacity unless the agent already holds it (a snoozed one).
 */
export async function applyTransition(
  work: Work,
  deps: InboxDeps,
  conv: Conversation,
  to: ConversationState,
  opts: TransitionOptions,
): Promise<Conversation> {
  assertTransition(conv.state, to);
  const { trx } = work;
  const patch: ConversationPatch = { state: to };
  let assignedTo: string | undefined;
  switch (to) {
    case 'snoozed':
      if (!opts.until || opts.until.getTime() <= opts.now.getTime()) throw InboxErrors.snoozeUntilRequired();
      patch.snoozed_until = opts.until;
      break;
    case 'closed':
      Object.assign(patch, { closed_at: opts.now, snoozed_until: null, waiting_since: null });
      break;
    case 'new':
      Object.assign(patch, { assignee_id: null, snoozed_until: null, closed_at: null });
      break;
    case 'assigned': {
      const agentId = opts.agentId ?? conv.assigneeId;
      if (!agentId) throw InboxErrors.needsAssignee();
      const alreadyCounted = conv.state === 'snoozed' && conv.assigneeId === agentId;
      if (!alreadyCounted) {
        await lockTenantAssignments(trx, conv.tenantId);
        const load = (await agentLoads(trx, conv.tenantId, [agentId])).get(agentId)!;
        if (!hasRoom(load)) throw InboxErrors.agentAtCapacity(agentId, load.capacity!);
      }
      Object.assign(patch, { assignee_id: agentId, snoozed_until: null, closed_at: null });
      if (agentId !== conv.assigneeId) assignedTo = agentId;
      break;
    }
  }
  const updated = await updateConversation(trx, conv.tenantId, conv.id, patch, opts.now);
  await insertAudit(trx, {
    tenantId: conv.tenantId,
    conversationId: conv.id,
    action: opts.action ?? 'transition',
    fromState: conv.state,
    toState: to,
    actor: opts.actor,
    details: opts.until ? { until: opts.until.toISOString() } : undefined,
    now: opts.now,
  });
  if (assignedTo) {
    await recordAssignment(work, deps, conv, updated, { strategy: 'manual', actor: opts.actor, now: opts.now });
  } else {
    if (to === 'new' && conv.assigneeId) {
      await insertAssignment(trx, {
        tenantId: conv.tenantId,
        conversationId: conv.id,
        agentId: null,
        previousAgentId: conv.assigneeId,
        strategy: 'manual',
        actor: opts.actor,
        now: opts.now,
      });
    }
    emitConversation(work, 'conversation.transitioned', updated, { from: conv.state, to });
  }
  afterTransition(work, deps, conv, updated);
  return updated;
}

/** Side effects once the transition commits: the wake-up job, and auto-assignment when room appeared. */
function afterTransition(work: Work, deps: InboxDeps, before: Conversation, after: Conversation): void {
  if (after.state === 'snoozed' && deps.jobs && after.snoozedUntil) {
    const jobs = deps.jobs;
    const until = new Date(after.snoozedUntil);
    work.afterCommit(async () => {
      await jobs.send(
        WAKE_SNOOZED_QUEUE,
        { tenantId: after.tenantId, conversationId: after.id },
        { startAfter: until, retryLimit: 5, retryBackoff: true },
      );
    });
  }
  const freedRoom = before.state === 'assigned' && (after.state === 'closed' || after.state === 'new');
  if (freedRoom || after.state === 'new') {
    work.afterCommit(async () => {
      const settings = await tenantSettings(deps, after.tenantId);
      if (settings.autoAssign)
        await drainBacklog(deps, after.tenantId).catch((err) => deps.log?.warn({ err }, 'inbox: auto-assignment failed'));
    });
  }
}

/** `POST /conversations/:id/transition`. */
export async function transitionConversation(
  deps: InboxDeps,
  input: { tenantId: string; conversationId: string; to: ConversationState; until?: Date; agentId?: string; actor: Actor; now?: Date },
): Promise<Conversation> {
  if (input.agentId) await requireAgent(deps, input.tenantId, input.agentId);
  return inTransaction({ ...deps, cause: input.actor.cause }, async (work) => {
    const conv = await findConversation(work.trx, input.tenantId, input.conversationId, { forUpdate: true });
    if (!conv) throw InboxErrors.conversationNotFound(input.conversationId);
    return applyTransition(work, deps, conv, input.to, {
      until: input.until,
      agentId: input.agentId,
      actor: input.actor,
      now: input.now ?? new Date(),
    });
  });
}
