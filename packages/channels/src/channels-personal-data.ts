import type { Knex } from 'knex';
import {
  inTransactionWithRetry,
  type ErasureAnswer,
  type ErasureRequest,
  type PersonalDataHolder,
  type PersonalDataSubject,
  type RetentionTarget,
} from '@bacon/sdk';
import type { AttachmentStore } from './attachments.js';

/**
 * The channels' personal data holder. Keyed by the subject's conversations (its refs): provider
 * threads (`channels_threads`), outbound deliveries (`channels_deliveries`, a provider's error text
 * may quote the contact), the web visitors who own them (`channels_web_conversations`, the visitor
 * key is the contact's id on the site) and those visitors' uploads (`channels_attachments` and the
 * files in the attachment store).
 *
 * `erase` deletes all of it. `anonymize` keeps threads and deliveries (channel, status, times: the
 * statistics), clears the deliveries' error texts, and deletes the visitor links and the uploads,
 * which are personal through and through.
 */
export function channelsPersonalData(db: Knex, store: AttachmentStore): PersonalDataHolder {
  const visitorKeys = async (q: Knex, s: PersonalDataSubject) =>
    (await q('channels_web_conversations')
      .where({ tenant_id: s.tenantId })
      .whereIn('conversation_id', [...s.refs])
      .distinct('visitor_key')
      .pluck('visitor_key')) as string[];
  const byConversation = (q: Knex, table: string, s: PersonalDataSubject) =>
    q(table)
      .where({ tenant_id: s.tenantId })
      .whereIn('conversation_id', [...s.refs]);
  const attachments = (q: Knex, s: PersonalDataSubject, keys: string[]) =>
    q('channels_attachments').where({ tenant_id: s.tenantId }).whereIn('visitor_key', keys);

  return {
    name: 'channels',
    async export(s) {
      if (!s.refs.length) return null;
      const section = {
        threads: await byConversation(db, 'channels_threads', s).orderBy('conversation_id'),
        deliveries: await byConversation(db, 'channels_deliveries', s).orderBy('created_at'),
        webConversations: await byConversation(db, 'channels_web_conversations', s).orderBy('created_at'),
        attachments: await attachments(db, s, await visitorKeys(db, s)).orderBy('created_at'),
      };
      return Object.values(section).some((rows) => rows.length) ? section : null;
    },
    async erase(s, request: ErasureRequest): Promise<ErasureAnswer> {
      if (!s.refs.length) return { counts: {} };
      const files: string[] = [];
      const counts = await inTransactionWithRetry(db, async (trx): Promise<Record<string, number>> => {
        files.length = 0;
        const uploads = (await attachments(trx, s, await visitorKeys(trx, s)).select('id', 'storage_key')) as {
          id: string;
          storage_key: string;
        }[];
        const errors = byConversation(trx, 'channels_deliveries', s).whereNotNull('error_message');
        const c: Record<string, number> =
          request.mode === 'erase'
            ? {
                threads: await count(byConversation(trx, 'channels_threads', s)),
                deliveries: await count(byConversation(trx, 'channels_deliveries', s)),
                web_conversations: await count(byConversation(trx, 'channels_web_conversations', s)),
                attachments: uploads.length,
                transcript_links: await count(byConversation(trx, 'channels_transcript_links', s)),
              }
            : {
                delivery_errors: await count(errors),
                web_conversations: await count(byConversation(trx, 'channels_web_conversations', s)),
                attachments: uploads.length,
                transcript_links: await count(byConversation(trx, 'channels_transcript_links', s)),
              };
        if (request.dryRun) return c;
        await trx('channels_attachments')
          .whereIn(
            'id',
            uploads.map((u) => u.id),
          )
          .delete();
        files.push(...uploads.map((u) => u.storage_key));
        await byConversation(trx, 'channels_web_conversations', s).delete();
        // Links emailed to the contact open the transcript: they go in both modes.
        await byConversation(trx, 'channels_transcript_links', s).delete();
        await byConversation(trx, 'channels_offline_emails', s).delete();
        if (request.mode === 'erase') {
          await byConversation(trx, 'channels_threads', s).delete();
          await byConversation(trx, 'channels_deliveries', s).delete();
        } else {
          await errors.update({ error_message: null });
        }
        return c;
      });
      // The files go once their rows are gone (a failure here leaves an orphan file, never a dangling row).
      for (const key of files) await store.delete?.(key);
      return { counts };
    },
  };
}

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

/** Retention of visitors' uploads (`attachments`, delete only): rows and files older than the cutoff. */
export function attachmentsRetention(db: Knex, store: AttachmentStore): RetentionTarget {
  const old = (q: Knex, tenantId: string, before: Date) =>
    q('channels_attachments').where({ tenant_id: tenantId }).andWhere('created_at', '<', before);
  return {
    kind: 'attachments',
    description: 'Files visitors uploaded (rows and files)',
    modes: ['delete'],
    count: (tenantId, before) => count(old(db, tenantId, before)),
    async apply(tenantId, before, _mode, limit) {
      const rows = (await old(db, tenantId, before).select('id', 'storage_key').orderBy('created_at').limit(limit)) as {
        id: string;
        storage_key: string;
      }[];
      await db('channels_attachments')
        .whereIn(
          'id',
          rows.map((r) => r.id),
        )
        .delete();
      for (const r of rows) await store.delete?.(r.storage_key);
      return rows.length;
    },
  };
}
