import { randomUUID } from 'node:crypto';
import { findContact } from '../repositories/contacts.js';
import { findConversation } from '../repositories/conversations.js';
import {
  deleteMacro as deleteRow,
  findMacro,
  insertMacro,
  listMacros as listRows,
  updateMacro as updateRow,
} from '../repositories/macros.js';
import { InboxErrors } from '../errors.js';
import type { AuthUser } from '@bacon/sdk';
import type { Conversation, Macro, MacroAction, Message } from '@bacon/inbox-contract';
import { appendMessage } from './append-message.js';
import { applyTransition } from './apply-transition.js';
import { assignAgentIn } from './assign-agent.js';
import { assignNextIn, rotationAgents } from './assign-next.js';
import { changeTagsIn } from './conversations.js';
import type { InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { renderMacro } from '@bacon/inbox-contract';
import { requireAgent } from './require-agent.js';
import { inTransaction } from './unit-of-work.js';
import { updateConversation } from '../repositories/conversations.js';

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

/**
 * Every id a macro's actions name must belong to the tenant when the macro is saved, not only when
 * it is applied: a macro naming another tenant's agent (or a deleted one) is refused at once.
 */
async function checkActions(deps: InboxDeps, tenantId: string, actions: readonly MacroAction[]): Promise<void> {
  for (const a of actions) if (a.type === 'assign' && 'agentId' in a) await requireAgent(deps, tenantId, a.agentId);
}

export async function createMacro(
  deps: InboxDeps,
  input: { tenantId: string; name: string; body: string | null; actions: MacroAction[]; createdBy: string },
  now: Date = new Date(),
): Promise<Macro> {
  await checkActions(deps, input.tenantId, input.actions);
  try {
    return await insertMacro(deps.db, { id: randomUUID(), ...input, now });
  } catch (err) {
    if (isUniqueViolation(err)) throw InboxErrors.macroNameTaken(input.name);
    throw err;
  }
}

export async function listMacros(deps: InboxDeps, tenantId: string): Promise<Macro[]> {
  return listRows(deps.db, tenantId);
}

export async function getMacro(deps: InboxDeps, tenantId: string, id: string): Promise<Macro> {
  const macro = await findMacro(deps.db, tenantId, id);
  if (!macro) throw InboxErrors.macroNotFound(id);
  return macro;
}

export async function updateMacro(
  deps: InboxDeps,
  tenantId: string,
  id: string,
  patch: { name?: string; body?: string | null; actions?: MacroAction[] },
  now: Date = new Date(),
): Promise<Macro> {
  if (patch.actions) await checkActions(deps, tenantId, patch.actions);
  try {
    const macro = await updateRow(deps.db, tenantId, id, patch, now);
    if (!macro) throw InboxErrors.macroNotFound(id);
    return macro;
  } catch (err) {
    if (isUniqueViolation(err)) throw InboxErrors.macroNameTaken(patch.name ?? '');
    throw err;
  }
}

export async function deleteMacro(deps: InboxDeps, tenantId: string, id: string): Promise<void> {
  if (!(await deleteRow(deps.db, tenantId, id))) throw InboxErrors.macroNotFound(id);
}

/**
 * Applies a macro to a conversation in one transaction: the rendered reply first, then each action in
 * order. If any step is refused (an illegal transition, a full agent), nothing of it is kept.
 */
export async function applyMacro(
  deps: InboxDeps,
  input: { tenantId: string; conversationId: string; macroId: string; user: AuthUser },
  now: Date = new Date(),
): Promise<{ conversation: Conversation; message: Message | null }> {
  const macro = await getMacro(deps, input.tenantId, input.macroId);
  // Directory look-ups happen before the transaction (PGlite is one session).
  for (const a of macro.actions) if (a.type === 'assign' && 'agentId' in a) await requireAgent(deps, input.tenantId, a.agentId);
  const needsRotation = macro.actions.some((a) => a.type === 'assign' && 'strategy' in a);
  const agentIds = needsRotation ? await rotationAgents(deps, input.tenantId) : [];
  const actor = { kind: 'user' as const, id: input.user.id };
  return inTransaction(deps, async (work) => {
    let conv = await findConversation(work.trx, input.tenantId, input.conversationId, { forUpdate: true });
    if (!conv) throw InboxErrors.conversationNotFound(input.conversationId);
    let message: Message | null = null;
    if (macro.body) {
      if (conv.state === 'closed') throw InboxErrors.conversationClosed();
      const contact = await findContact(work.trx, input.tenantId, conv.contactId);
      const text = renderMacro(macro.body, {
        contact: { name: contact?.name, email: contact?.email, phone: contact?.phone },
        agent: { name: input.user.name, email: input.user.email, id: input.user.id },
        conversation: { id: conv.id, subject: conv.subject, channel: conv.channel },
      });
      const appended = await appendMessage(work, conv, {
        authorKind: 'agent',
        authorId: input.user.id,
        body: text,
        payload: { macroId: macro.id },
        externalId: null,
        now,
      });
      message = appended.message;
      conv = appended.conversation;
    }
    for (const action of macro.actions) {
      switch (action.type) {
        case 'add_tag':
          conv = await changeTagsIn(work, conv, { add: [action.tag] }, now);
          break;
        case 'remove_tag':
          conv = await changeTagsIn(work, conv, { remove: [action.tag] }, now);
          break;
        case 'set_priority':
          conv = await updateConversation(work.trx, conv.tenantId, conv.id, { priority: action.priority }, now);
          emitConversation(work, 'conversation.updated', conv, { changes: ['priority'] });
          break;
        case 'transition': {
          const until = action.forSeconds
            ? new Date(now.getTime() + action.forSeconds * 1000)
            : action.until
              ? new Date(action.until)
              : undefined;
          conv = await applyTransition(work, deps, conv, action.to, { until, actor, now });
          break;
        }
        case 'assign':
          if ('agentId' in action) {
            conv = await assignAgentIn(work, deps, conv, action.agentId, { strategy: 'macro', actor, now });
          } else {
            if (conv.assigneeId) throw InboxErrors.alreadyAssigned(conv.assigneeId);
            const claimed = await assignNextIn(work, deps, conv, {
              tenantId: input.tenantId,
              agentIds,
              strategy: 'round_robin',
              actor,
              now,
            });
            if (!claimed) throw InboxErrors.noAgentAvailable();
            conv = claimed;
          }
          break;
      }
    }
    return { conversation: conv, message };
  });
}
