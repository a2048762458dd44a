import type { Knex } from 'knex';
import type { PersonalDataHolder } from '@bacon/sdk';

/**
 * The inbox's personal data holder (GDPR export): the contact, its conversations and, for those,
 * every message, note, assignment and history row, as stored. Its refs are the conversation ids.
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
        messages: await db('inbox_messages')
          .where({ tenant_id: tenantId })
          .whereIn('conversation_id', ids)
          .orderBy(['conversation_id', 'seq']),
        notes: await of('inbox_notes'),
        assignments: await of('inbox_assignments'),
        history: await of('inbox_audit_log'),
      };
    },
  };
}
