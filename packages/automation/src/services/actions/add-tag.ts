import type { JsonSchema } from '@bacon/sdk';
import { tagSchema } from '@bacon/inbox-contract';
import type { ActionDeps, ActingTarget } from '../run-action.js';
import { needConversation } from './need-conversation.js';

/** Adds tags to the conversation (ones it has already are kept once). */
export interface AddTagAction {
  type: 'add_tag';
  tags: string[];
}

export const addTagSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'tags'],
  properties: { type: { const: 'add_tag' }, tags: { type: 'array', minItems: 1, maxItems: 10, items: tagSchema } },
};

export async function addTag(deps: ActionDeps, action: AddTagAction, t: ActingTarget): Promise<unknown> {
  const c = await deps.inbox.changeTags(t.tenantId, needConversation(t), { add: action.tags }, t.actor);
  return { tags: c.tags };
}
