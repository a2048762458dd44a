import type { JsonSchema } from '@bacon/sdk';
import type { Priority } from '@bacon/inbox-contract';
import type { ActionDeps, ActingTarget } from '../run-action.js';
import { needConversation } from './need-conversation.js';

/** Sets the conversation's priority. */
export interface SetPriorityAction {
  type: 'set_priority';
  priority: Priority;
}

export const setPrioritySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'priority'],
  properties: { type: { const: 'set_priority' }, priority: { type: 'string', enum: ['none', 'low', 'medium', 'high', 'urgent'] } },
};

export async function setPriority(deps: ActionDeps, action: SetPriorityAction, t: ActingTarget): Promise<unknown> {
  const c = await deps.inbox.setPriority(t.tenantId, needConversation(t), action.priority, t.actor);
  return { priority: c.priority };
}
