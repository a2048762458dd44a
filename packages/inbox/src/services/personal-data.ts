import type { Knex } from 'knex';
import { inTransactionWithRetry, type ErasureAnswer, type ErasureRequest, type PersonalDataHolder } from '@bacon/sdk';

const REMOVED = '[removed]';

/**
 * The inbox's personal data holder (GDPR export): the contact, its conversations and, for those,
 * every message, note, assignment and history row, as stored. Its refs are the conversation ids.
 * Erasure deletes the contact (its conversations and their rows cascade), or anonymizes it: see
 * eraseContact.
 */
export function inboxPersonalData(db: Knex): PersonalDataHolder {
  const conversationIds = async (tenantId: string, contactId: string) =>
    (await db('inbox_conversations').where({ tenant_id: tenantId, contact_id: contactId }).orderBy('created_at').pluck('id')) as string[];
  return {
    name: 'inbox',
    refs: ({ tenantId, contactId }) => conversationIds(tenantId, contactId),
    async export({ tenantId, contactId }) {
      const contact = await db('inbox_contacts').where({ tenant_id: tenantId, id: contactId }).first();
      if (!contact) return null;
      const ids = await conversationIds(tenantId, contactId);
      const of = (table: string) => db(table).where({ tenant_id: tenantId }).whereIn('conversation_id', ids).orderBy('created_at');
      return {
        contact,
        conversations: await db('inbox_conversations').where({ tenant_id: tenantId }).whereIn('id', ids).orderBy('created_at'),
        // search_vector is the body's words again (a generated column), not data of its own.
        messages: (
          (await db('inbox_messages')
            .where({ tenant_id: tenantId })
            .whereIn('conversation_id', ids)
            .orderBy(['conversation_id', 'seq'])) as Record<string, unknown>[]
        ).map(({ search_vector: _, ...row }) => row),
        notes: await of('inbox_notes'),
        assignments: await of('inbox_assignments'),
        history: await of('inbox_audit_log'),
      };
    },
    erase: ({ tenantId, contactId }, request) => eraseContact(db, tenantId, contactId, request),
  };
}

/**
 * `erase`: the contact row goes, and with it (ON DELETE CASCADE) its conversations, messages, notes,
 * assignments and history. `anonymize`: every row stays (counts, times, states, tags for the
 * statistics) and every personal datum goes: the contact's name, email, phone, attributes and
 * external id (a phone number on some channels), the conversations' subject, preview and provider
 * thread id, every message's and note's text, the history's details. Counts are of rows changed, so
 * a second call answers zeros; a dry run counts with the same conditions inside a rolled back
 * transaction.
 */
async function eraseContact(db: Knex, tenantId: string, contactId: string, { mode, dryRun }: ErasureRequest): Promise<ErasureAnswer> {
  const run = async (trx: Knex.Transaction): Promise<Record<string, number>> => {
    const ids = (await trx('inbox_conversations').where({ tenant_id: tenantId, contact_id: contactId }).pluck('id')) as string[];
    const of = (table: string) => trx(table).where({ tenant_id: tenantId }).whereIn('conversation_id', ids);
    if (mode === 'erase') {
      const counts = {
        contacts: await n(trx('inbox_contacts').where({ tenant_id: tenantId, id: contactId })),
        conversations: ids.length,
        messages: await n(of('inbox_messages')),
        notes: await n(of('inbox_notes')),
        assignments: await n(of('inbox_assignments')),
        history: await n(of('inbox_audit_log')),
      };
      if (!dryRun) await trx('inbox_contacts').where({ tenant_id: tenantId, id: contactId }).delete();
      return counts;
    }
    const now = new Date();
    const anonymous = trx.raw(`'anonymized:' || id::text`);
    const contact = trx('inbox_contacts')
      .where({ tenant_id: tenantId, id: contactId })
      .andWhereRaw(`external_id <> 'anonymized:' || id::text`);
    const conversations = trx('inbox_conversations')
      .where({ tenant_id: tenantId })
      .whereIn('id', ids)
      .andWhere((w) => w.whereNotNull('subject').orWhereNotNull('preview').orWhereNotNull('external_id').orWhereNull('anonymized_at'));
    const messages = of('inbox_messages').andWhere((w) => w.whereNot('body', REMOVED).orWhereNotNull('payload'));
    const notes = of('inbox_notes').andWhere((w) => w.whereNot('body', REMOVED).orWhereNotNull('attachments'));
    const history = of('inbox_audit_log').whereNotNull('details');
    const counts = {
      contacts: await n(contact),
      conversations: await n(conversations),
      messages: await n(messages),
      notes: await n(notes),
      history: await n(history),
    };
    if (!dryRun) {
      await contact.update({
        name: null,
        email: null,
        phone: null,
        attributes: '{}',
        external_id: anonymous,
        anonymized_at: now,
        updated_at: now,
      });
      await conversations.update({ subject: null, preview: null, external_id: null, anonymized_at: now });
      await messages.update({ body: REMOVED, payload: null });
      await notes.update({ body: REMOVED, mentions: [], attachments: null });
      await history.update({ details: null });
    }
    return counts;
  };
  return { counts: await inTransactionWithRetry(db, run) };
}

async function n(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}
