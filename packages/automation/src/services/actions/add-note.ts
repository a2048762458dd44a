import type { JsonSchema } from '@bacon/sdk';
import type { Facts } from '../match-trigger.js';
import { renderTemplate } from '../match-conditions.js';
import type { ActionDeps, ActingTarget } from '../run-action.js';
import { needConversation } from './need-conversation.js';

/** A private note for agents on the conversation (no author: the rule wrote it); `text` is templated. */
export interface AddNoteAction {
  type: 'add_note';
  text: string;
}

export const addNoteSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: { type: { const: 'add_note' }, text: { type: 'string', minLength: 1, maxLength: 5000, pattern: '\\S' } },
};

export async function addNote(deps: ActionDeps, action: AddNoteAction, facts: Facts, t: ActingTarget): Promise<unknown> {
  const body = renderTemplate(action.text, facts).trim() || action.text;
  const note = await deps.inbox.addNote(t.tenantId, needConversation(t), { body, authorId: null, cause: t.actor.cause });
  return { noteId: note.id };
}
