import { randomUUID } from 'node:crypto';
import { findConversation } from '../repositories/conversations.js';
import { deleteNote as deleteRow, findNote, insertNote, listNotes as listRows, updateNote as updateRow } from '../repositories/notes.js';
import { InboxErrors } from '../errors.js';
import type { Attachment, AuthUser } from '@bacon/sdk';
import type { EventCause, Note } from '@bacon/inbox-contract';
import type { InboxDeps } from './deps.js';
import { inTransaction } from './unit-of-work.js';

/**
 * Notes are private to agents: they live apart from messages, never enter a transcript, and their events say
 * `visibility: internal`. A note's files are uploads of its conversation, kept from the visitor.
 */
async function checkMentions(deps: InboxDeps, tenantId: string, mentions: string[]): Promise<string[]> {
  const unique = [...new Set(mentions)];
  const found = await Promise.all(unique.map((id) => deps.directory.getUser(tenantId, id)));
  const unknown = unique.filter((_, i) => !found[i] || found[i]!.tenantId !== tenantId);
  if (unknown.length) throw InboxErrors.unknownMention(unknown);
  return unique;
}

export async function createNote(
  deps: InboxDeps,
  input: {
    tenantId: string;
    conversationId: string;
    author: AuthUser | null;
    body: string;
    mentions?: string[];
    attachments?: Attachment[];
    cause?: EventCause;
  },
  now: Date = new Date(),
): Promise<Note> {
  const mentions = await checkMentions(deps, input.tenantId, input.mentions ?? []);
  if (input.attachments?.length && !(await findConversation(deps.db, input.tenantId, input.conversationId))) {
    throw InboxErrors.conversationNotFound(input.conversationId);
  }
  // Resolved before the transaction (PGlite is one session): the uploads are channels' rows.
  if (input.attachments?.length && !deps.noteAttachments) throw InboxErrors.noteAttachmentsUnavailable();
  const attachments = (await deps.noteAttachments?.resolve(input.tenantId, input.conversationId, input.attachments)) ?? [];
  return inTransaction({ ...deps, cause: input.cause }, async (work) => {
    const conv = await findConversation(work.trx, input.tenantId, input.conversationId);
    if (!conv) throw InboxErrors.conversationNotFound(input.conversationId);
    const note = await insertNote(work.trx, {
      id: randomUUID(),
      tenantId: input.tenantId,
      conversationId: conv.id,
      authorId: input.author?.id ?? null,
      body: input.body,
      mentions,
      attachments,
      now,
    });
    work.emit({
      topic: 'note.created',
      tenantId: input.tenantId,
      seq: conv.lastSeq,
      payload: { conversationId: conv.id, visibility: 'internal', note },
    });
    return note;
  });
}

export async function listNotes(deps: InboxDeps, tenantId: string, conversationId: string): Promise<Note[]> {
  const conv = await findConversation(deps.db, tenantId, conversationId);
  if (!conv) throw InboxErrors.conversationNotFound(conversationId);
  return listRows(deps.db, tenantId, conversationId);
}

/** Only the author (or an admin) may edit or delete a note. */
async function editable(deps: InboxDeps, tenantId: string, conversationId: string, noteId: string, user: AuthUser): Promise<Note> {
  const note = await findNote(deps.db, tenantId, conversationId, noteId);
  if (!note) throw InboxErrors.noteNotFound(noteId);
  if (note.authorId !== user.id && user.role !== 'admin') throw InboxErrors.notNoteAuthor();
  return note;
}

export async function updateNote(
  deps: InboxDeps,
  input: { tenantId: string; conversationId: string; noteId: string; user: AuthUser; body: string; mentions?: string[] },
  now: Date = new Date(),
): Promise<Note> {
  const note = await editable(deps, input.tenantId, input.conversationId, input.noteId, input.user);
  const mentions = input.mentions ? await checkMentions(deps, input.tenantId, input.mentions) : note.mentions;
  return inTransaction(deps, async (work) => {
    const updated = await updateRow(work.trx, input.tenantId, note.id, { body: input.body, mentions }, now);
    const seq = (await findConversation(work.trx, input.tenantId, note.conversationId))?.lastSeq ?? 0;
    work.emit({
      topic: 'note.updated',
      tenantId: input.tenantId,
      seq,
      payload: { conversationId: note.conversationId, visibility: 'internal', note: updated },
    });
    return updated;
  });
}

export async function deleteNote(
  deps: InboxDeps,
  input: { tenantId: string; conversationId: string; noteId: string; user: AuthUser },
): Promise<void> {
  const note = await editable(deps, input.tenantId, input.conversationId, input.noteId, input.user);
  await inTransaction(deps, async (work) => {
    await deleteRow(work.trx, input.tenantId, note.id);
    const seq = (await findConversation(work.trx, input.tenantId, note.conversationId))?.lastSeq ?? 0;
    work.emit({
      topic: 'note.deleted',
      tenantId: input.tenantId,
      seq,
      payload: { conversationId: note.conversationId, visibility: 'internal', noteId: note.id },
    });
  });
}
