import type { Knex } from 'knex';
import { inTransactionWithRetry, type RetentionMode, type RetentionTarget } from '@bacon/sdk';
import { anonymizeContacts } from '../repositories/contacts.js';
import { deleteConversations, lockExpiredClosed, markAnonymized } from '../repositories/conversations.js';
import { anonymizeMessages } from '../repositories/messages.js';
import { anonymizeNotes } from '../repositories/notes.js';

const REMOVED = '[removed]';

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * The inbox's retention targets for the compliance plugin's per-tenant policies:
 * `closed_conversations` (closed before the cutoff: deleted with everything in them, or anonymized as
 * the inbox's own retention does) and `messages` (written before the cutoff, in any conversation:
 * deleted, or their text replaced by `[removed]`).
 */
export function inboxRetentionTargets(db: Knex): RetentionTarget[] {
  const closed = (q: Knex, tenantId: string, before: Date, mode: RetentionMode) => {
    const b = q('inbox_conversations').where({ tenant_id: tenantId, state: 'closed' }).andWhere('closed_at', '<', before);
    return mode === 'anonymize' ? b.whereNull('anonymized_at') : b;
  };
  const messages = (q: Knex, tenantId: string, before: Date, mode: RetentionMode) => {
    const b = q('inbox_messages').where({ tenant_id: tenantId }).andWhere('created_at', '<', before);
    return mode === 'anonymize' ? b.andWhere((w) => w.whereNot('body', REMOVED).orWhereNotNull('payload')) : b;
  };
  return [
    {
      kind: 'closed_conversations',
      description: 'Closed conversations (counted from when they were closed), with their messages and notes',
      modes: ['delete', 'anonymize'],
      count: (tenantId, before, mode) => count(closed(db, tenantId, before, mode)),
      apply: (tenantId, before, mode, limit) =>
        inTransactionWithRetry(db, async (trx) => {
          const rows = await lockExpiredClosed(trx, tenantId, before, { skipAnonymized: mode === 'anonymize', limit });
          const ids = rows.map((r) => r.id);
          if (mode === 'delete') {
            await deleteConversations(trx, tenantId, ids);
            return ids.length;
          }
          if (!ids.length) return 0;
          const now = new Date();
          await anonymizeMessages(trx, tenantId, ids);
          await anonymizeNotes(trx, tenantId, ids);
          await anonymizeContacts(trx, tenantId, [...new Set(rows.map((r) => r.contactId))], now);
          await markAnonymized(trx, tenantId, ids, now);
          return ids.length;
        }),
    },
    {
      kind: 'messages',
      description: 'Messages (counted from when they were written), in any conversation',
      modes: ['delete', 'anonymize'],
      count: (tenantId, before, mode) => count(messages(db, tenantId, before, mode)),
      apply: (tenantId, before, mode, limit) =>
        inTransactionWithRetry(db, async (trx) => {
          const ids = messages(trx, tenantId, before, mode).select('id').orderBy('created_at').limit(limit);
          const q = trx('inbox_messages').whereIn('id', ids);
          const r: unknown = mode === 'delete' ? await q.delete() : await q.update({ body: REMOVED, payload: null });
          return typeof r === 'number' ? r : Number((r as { rowCount?: number }).rowCount ?? 0);
        }),
    },
  ];
}
