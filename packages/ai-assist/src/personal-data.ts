import type { Knex } from 'knex';
import { inTransactionWithRetry, type PersonalDataHolder, type RetentionMode, type RetentionTarget } from '@bacon/sdk';

const TABLE = 'ai_assist_drafts';
const REMOVED = '[removed]';

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

function affected(r: unknown): number {
  return typeof r === 'number' ? r : Number((r as { rowCount?: number } | undefined)?.rowCount ?? 0);
}

/** Drafts whose text, source or context still hold something (an anonymized draft is not counted again). */
function notAnonymized(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q.andWhere((w) => w.whereNot('text', REMOVED).orWhereNotNull('source').orWhereRaw(`context::text <> '{}'`));
}

/** What anonymizing a draft keeps: kind, provider, model, tokens, cost, latency and feedback (the statistics). */
const SCRUBBED = { text: REMOVED, source: null, context: '{}' };

/**
 * AI assist's personal data holder (`ai_assist`): the drafts written for the subject's conversations
 * (its refs) hold the draft text, the macro or past reply it came from and a summary of the context
 * sent to the provider. `erase` deletes them; `anonymize` keeps each row's numbers (tokens, cost,
 * latency, feedback) and replaces its text by `[removed]`, clearing its source and context.
 */
export function aiAssistPersonalData(db: Knex): PersonalDataHolder {
  const drafts = (q: Knex, tenantId: string, refs: readonly string[]) =>
    q(TABLE)
      .where({ tenant_id: tenantId })
      .whereIn('conversation_id', [...refs]);
  return {
    name: 'ai_assist',
    async export(s) {
      if (!s.refs.length) return null;
      const rows = await drafts(db, s.tenantId, s.refs).orderBy('created_at');
      return rows.length ? { drafts: rows } : null;
    },
    async erase(s, request) {
      if (!s.refs.length) return { counts: {} };
      return inTransactionWithRetry(db, async (trx) => {
        const q = request.mode === 'erase' ? drafts(trx, s.tenantId, s.refs) : notAnonymized(drafts(trx, s.tenantId, s.refs));
        const n = await count(q);
        if (!request.dryRun && n) await (request.mode === 'erase' ? q.delete() : q.update(SCRUBBED));
        return { counts: { drafts: n } };
      });
    },
  };
}

/** Retention of AI drafts (`ai_drafts`): drafts written before the cutoff, deleted or anonymized as above. */
export function aiDraftsRetention(db: Knex): RetentionTarget {
  const old = (q: Knex, tenantId: string, before: Date, mode: RetentionMode) => {
    const b = q(TABLE).where({ tenant_id: tenantId }).andWhere('created_at', '<', before);
    return mode === 'anonymize' ? notAnonymized(b) : b;
  };
  return {
    kind: 'ai_drafts',
    description: 'AI drafts and suggestions (counted from when they were written): text, source and context',
    modes: ['delete', 'anonymize'],
    count: (tenantId, before, mode) => count(old(db, tenantId, before, mode)),
    apply: (tenantId, before, mode, limit) =>
      inTransactionWithRetry(db, async (trx) => {
        const ids = old(trx, tenantId, before, mode).select('id').orderBy('created_at').limit(limit);
        const q = trx(TABLE).whereIn('id', ids);
        return affected(mode === 'delete' ? await q.delete() : await q.update(SCRUBBED));
      }),
  };
}
