import { randomUUID } from 'node:crypto';
import { lockTenantAssignments, readAgentLoads } from '../repositories/agents.js';
import { claimUnassigned, findConversation, lockLongestWaiting } from '../repositories/conversations.js';
import { InboxErrors } from '../errors.js';
import type { Actor, Conversation } from '@bacon/inbox-contract';
import { hasRoom } from './capacity.js';
import type { InboxDeps } from './deps.js';
import { announceAssignment } from './assign-agent.js';
import { roundRobin } from './round-robin.js';
import { allowedTransitions } from '@bacon/inbox-contract';
import { inTransaction, type Work } from './unit-of-work.js';

export interface AssignNextOptions {
  tenantId: string;
  /** The agents to rotate over (the tenant's `agent` users), read before the transaction. */
  agentIds: string[];
  strategy: 'round_robin' | 'auto';
  actor: Actor;
  now: Date;
}

/**
 * Round-robin inside an open unit of work: under the tenant's assignment lock, picks the next
 * available agent with room after the persisted cursor and claims `conv` with compare-and-set.
 * Returns undefined when no agent has room.
 */
export async function assignNextIn(
  work: Work,
  deps: InboxDeps,
  conv: Conversation,
  opts: AssignNextOptions,
): Promise<Conversation | undefined> {
  const { trx } = work;
  await lockTenantAssignments(trx, opts.tenantId);
  const { loads, cursor } = await readAgentLoads(trx, opts.tenantId, opts.agentIds);
  const agentId = roundRobin(opts.agentIds, cursor, (id) => {
    const a = loads.get(id)!;
    return a.available && hasRoom(a);
  });
  if (!agentId) return undefined;
  const claimed = await claimUnassigned(trx, {
    tenantId: opts.tenantId,
    conversationId: conv.id,
    agentId,
    strategy: opts.strategy,
    actorKind: opts.actor.kind,
    actorId: opts.actor.id ?? null,
    historyId: randomUUID(),
    auditId: randomUUID(),
    now: opts.now,
  });
  if (!claimed) throw InboxErrors.alreadyAssigned(conv.assigneeId ?? 'unknown');
  announceAssignment(work, deps, conv, claimed, { strategy: opts.strategy, actor: opts.actor, now: opts.now });
  return claimed;
}

/** The tenant's agents in the rotation. */
export async function rotationAgents(deps: InboxDeps, tenantId: string): Promise<string[]> {
  const users = await deps.directory.listUsers(tenantId, { role: 'agent' });
  return users
    .filter((u) => u.tenantId === tenantId)
    .map((u) => u.id)
    .sort();
}

/**
 * `{strategy: "round_robin"}` on one conversation: 409 when it is already held, not in the new
 * queue, or when no agent has room.
 */
export async function assignNext(
  deps: InboxDeps,
  input: { tenantId: string; conversationId: string; actor: Actor; now?: Date },
): Promise<Conversation> {
  const agentIds = await rotationAgents(deps, input.tenantId);
  const end = deps.metrics?.assignmentDuration.startTimer({ plugin: 'inbox', strategy: 'round_robin' });
  const result = await deps.assignments.run(input.tenantId, () =>
    inTransaction({ ...deps, cause: input.actor.cause }, async (work) => {
      const conv = await findConversation(work.trx, input.tenantId, input.conversationId, { forUpdate: true });
      if (!conv) throw InboxErrors.conversationNotFound(input.conversationId);
      if (conv.assigneeId) throw InboxErrors.alreadyAssigned(conv.assigneeId);
      if (conv.state !== 'new') throw InboxErrors.illegalTransition(conv.state, 'assigned', allowedTransitions(conv.state));
      const claimed = await assignNextIn(work, deps, conv, {
        tenantId: input.tenantId,
        agentIds,
        strategy: 'round_robin',
        actor: input.actor,
        now: input.now ?? new Date(),
      });
      if (!claimed) throw InboxErrors.noAgentAvailable();
      return claimed;
    }),
  );
  end?.();
  return result;
}

/**
 * Auto mode: assigns the unassigned backlog, longest waiting first, until it is empty or no agent
 * has room. Each claim is its own short transaction. Returns how many were assigned.
 */
export async function drainBacklog(deps: InboxDeps, tenantId: string, opts: { now?: Date; max?: number } = {}): Promise<number> {
  const agentIds = await rotationAgents(deps, tenantId);
  if (!agentIds.length) return 0;
  const max = opts.max ?? 1000;
  let assigned = 0;
  while (assigned < max) {
    const end = deps.metrics?.assignmentDuration.startTimer({ plugin: 'inbox', strategy: 'auto' });
    const claimed = await deps.assignments.run(tenantId, () =>
      inTransaction(deps, async (work) => {
        await lockTenantAssignments(work.trx, tenantId);
        const conv = await lockLongestWaiting(work.trx, tenantId);
        if (!conv) return undefined;
        return assignNextIn(work, deps, conv, {
          tenantId,
          agentIds,
          strategy: 'auto',
          actor: { kind: 'system' },
          now: opts.now ?? new Date(),
        });
      }),
    );
    if (!claimed) break;
    end?.();
    assigned++;
  }
  return assigned;
}
