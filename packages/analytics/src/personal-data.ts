import type { Knex } from 'knex';
import { inTransactionWithRetry, type PersonalDataHolder, type RetentionTarget } from '@bacon/sdk';

/** Per-conversation fact tables, keyed by the subject's conversations (hourly rollups hold no conversation). */
const FACTS = {
  conversations: 'analytics_conversations',
  cycles: 'analytics_cycles',
  csat: 'analytics_csat',
  csat_requests: 'analytics_csat_requests',
} as const;

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * Analytics' personal data holder (`analytics`): the per-conversation facts of the subject's
 * conversations (its refs) and the CSAT answers, whose free-text comment is personal. `erase`
 * deletes the facts (the hourly rollups stay: they count, they name no conversation); `anonymize`
 * keeps every row for the reports and clears the CSAT comments.
 */
export function analyticsPersonalData(db: Knex): PersonalDataHolder {
  const facts = (q: Knex, table: string, tenantId: string, refs: readonly string[]) =>
    q(table)
      .where({ tenant_id: tenantId })
      .whereIn('conversation_id', [...refs]);
  return {
    name: 'analytics',
    async export(s) {
      if (!s.refs.length) return null;
      const section: Record<string, unknown[]> = {};
      for (const [name, table] of Object.entries(FACTS)) section[name] = await facts(db, table, s.tenantId, s.refs);
      return Object.values(section).some((rows) => rows.length) ? section : null;
    },
    async erase(s, request) {
      if (!s.refs.length) return { counts: {} };
      const counts = await inTransactionWithRetry(db, async (trx) => {
        const c: Record<string, number> = {};
        if (request.mode === 'anonymize') {
          const comments = facts(trx, FACTS.csat, s.tenantId, s.refs).whereNotNull('comment');
          c.csat_comments = await count(comments);
          if (!request.dryRun && c.csat_comments) await comments.update({ comment: null });
          return c;
        }
        for (const [name, table] of Object.entries(FACTS)) {
          const q = facts(trx, table, s.tenantId, s.refs);
          c[name] = await count(q);
          if (!request.dryRun && c[name]) await q.delete();
        }
        return c;
      });
      return { counts };
    },
  };
}

/** Retention of CSAT comments (`csat_comments`, anonymize only): the score stays, the comment goes. */
export function csatCommentsRetention(db: Knex): RetentionTarget {
  const old = (q: Knex, tenantId: string, before: Date) =>
    q(FACTS.csat).where({ tenant_id: tenantId }).andWhere('answered_at', '<', before).whereNotNull('comment');
  return {
    kind: 'csat_comments',
    description: 'CSAT comments (counted from when they were answered); the scores stay for the reports',
    modes: ['anonymize'],
    count: (tenantId, before) => count(old(db, tenantId, before)),
    apply: (tenantId, before, _mode, limit) =>
      inTransactionWithRetry(db, async (trx) => {
        const keys = (await old(trx, tenantId, before).select('conversation_id', 'cycle').orderBy('answered_at').limit(limit)) as {
          conversation_id: string;
          cycle: number;
        }[];
        for (const k of keys)
          await trx(FACTS.csat)
            .where({ tenant_id: tenantId, ...k })
            .update({ comment: null });
        return keys.length;
      }),
  };
}
