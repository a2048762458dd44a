import { NotFound, withRetry } from '@bacon/sdk';
import type { Contact, ContactDetail, ContactListItem, ContactPatch, Conversation } from '@bacon/inbox-contract';
import { findContactRow, listContacts as listRows, markMerged, updateContact, type ContactCursor } from '../repositories/contacts.js';
import { listConversations as listConversationRows, toConversation } from '../repositories/conversations.js';
import { InboxErrors } from '../errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { InboxDeps } from './deps.js';
import { emitConversation } from './emit.js';
import { inTransaction } from './unit-of-work.js';

/** How many of a contact's conversations its detail shows (newest first). */
const DETAIL_CONVERSATIONS = 50;

const isContactCursor = (v: unknown): v is ContactCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as ContactCursor).id === 'string' &&
  !Number.isNaN(Date.parse(String((v as ContactCursor).at)));

const contactNotFound = (id: string, mergedIntoId?: string | null) =>
  mergedIntoId
    ? NotFound('This contact was merged into another one.', { contactId: id, mergedIntoId })
    : NotFound('No such contact.', { contactId: id });

export async function listContacts(
  deps: InboxDeps,
  tenantId: string,
  query: { q?: string; limit: number; cursor?: string },
): Promise<{ items: ContactListItem[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor, isContactCursor) : undefined;
  const page = await withRetry(() => listRows(deps.db, tenantId, { q: query.q, limit: query.limit, after }));
  return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null };
}

async function liveContact(deps: InboxDeps, tenantId: string, id: string): Promise<Contact> {
  const found = await withRetry(() => findContactRow(deps.db, tenantId, id));
  if (!found || found.mergedIntoId) throw contactNotFound(id, found?.mergedIntoId);
  return found.contact;
}

/** A contact with its conversations, newest first. */
export async function getContactDetail(deps: InboxDeps, tenantId: string, id: string): Promise<ContactDetail> {
  const contact = await liveContact(deps, tenantId, id);
  const page = await withRetry(() =>
    listConversationRows(deps.db, tenantId, { contactId: id }, 'updated', { limit: DETAIL_CONVERSATIONS, order: 'desc' }),
  );
  return { contact, conversations: page.items.map(({ contact: _c, ...conv }) => conv) };
}

export async function patchContact(
  deps: InboxDeps,
  tenantId: string,
  id: string,
  patch: ContactPatch,
  now = new Date(),
): Promise<{ before: Contact; after: Contact }> {
  return inTransaction(deps, async (work) => {
    const found = await findContactRow(work.trx, tenantId, id, { forUpdate: true });
    if (!found || found.mergedIntoId) throw contactNotFound(id, found?.mergedIntoId);
    const clean = Object.fromEntries(
      Object.entries(patch).map(([k, v]) => [k, typeof v === 'string' ? v.trim() || null : v]),
    ) as ContactPatch;
    return { before: found.contact, after: await updateContact(work.trx, tenantId, id, clean, now) };
  });
}

/**
 * Merges contact `sourceId` into `targetId` (the one kept). What wins: the kept contact's own name,
 * email and phone; an empty one is filled from the merged contact. Attributes are united, the kept
 * contact's value winning on a shared key. Every conversation of the merged contact moves to the
 * kept one (each emits `conversation.updated` with `changes: ['contactId']`). The merged contact's row
 * stays, blanked, so its channel identity (a visitor id, a phone number) keeps mapping new messages to
 * the kept contact.
 */
export async function mergeContacts(
  deps: InboxDeps,
  tenantId: string,
  targetId: string,
  sourceId: string,
  now = new Date(),
): Promise<{ contact: Contact; movedConversations: number; source: Contact }> {
  if (targetId === sourceId) throw InboxErrors.mergeIntoItself();
  return inTransaction(deps, async (work) => {
    const trx = work.trx;
    // Locked in id order, so two merges of the same pair never wait on each other crosswise.
    const [first, second] = [targetId, sourceId].sort();
    const a = await findContactRow(trx, tenantId, first!, { forUpdate: true });
    const b = await findContactRow(trx, tenantId, second!, { forUpdate: true });
    const target = first === targetId ? a : b;
    const source = first === targetId ? b : a;
    if (!target || target.mergedIntoId) throw contactNotFound(targetId, target?.mergedIntoId);
    if (!source || source.mergedIntoId) throw contactNotFound(sourceId, source?.mergedIntoId);
    const t = target.contact;
    const s = source.contact;
    const kept = await updateContact(
      trx,
      tenantId,
      t.id,
      { name: t.name ?? s.name, email: t.email ?? s.email, phone: t.phone ?? s.phone, attributes: { ...s.attributes, ...t.attributes } },
      now,
    );
    const moved = (await trx('inbox_conversations')
      .where({ tenant_id: tenantId, contact_id: s.id })
      .update({ contact_id: t.id, updated_at: now })
      .returning('*')) as Record<string, unknown>[];
    // Later merges into the merged contact's old merges follow to the kept one.
    await trx('inbox_contacts').where({ tenant_id: tenantId, merged_into_id: s.id }).update({ merged_into_id: t.id, updated_at: now });
    await markMerged(trx, tenantId, s.id, t.id, now);
    for (const row of moved)
      emitConversation(work, 'conversation.updated', toConversation(row) as Conversation, { changes: ['contactId'] });
    return { contact: kept, movedConversations: moved.length, source: s };
  });
}
