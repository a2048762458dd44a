import type { Knex } from 'knex';
import type { RetentionTarget } from '@bacon/sdk';
import { scrubEventPayload } from './scrub-event-payload.js';

const affected = (r: unknown): number => (typeof r === 'number' ? r : Number((r as { rowCount?: number } | undefined)?.rowCount ?? 0));

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

/**
 * The host's retention targets: audit entries (deleted, or kept with their before/after and address
 * cleared; the append-only trigger lets only such a transaction through) and durable events (deleted,
 * or with their payloads scrubbed like an erasure's). The event log's own pruning
 * (`BACON_EVENT_RETENTION_HOURS`) still runs; a tenant policy can only make it shorter.
 */
export function hostRetentionTargets(knex: () => Knex): RetentionTarget[] {
  const audit = (db: Knex, tenantId: string, before: Date, mode: string) => {
    const q = db('audit_log').where({ tenant_id: tenantId }).andWhere('created_at', '<', before);
    return mode === 'delete' ? q : q.andWhere((w) => w.whereNotNull('before').orWhereNotNull('after').orWhereNotNull('ip'));
  };
  const events = (db: Knex, tenantId: string, before: Date, mode: string) => {
    const q = db('host_events').where({ tenant_id: tenantId }).andWhere('created_at', '<', before);
    return mode === 'delete'
      ? q
      : q.andWhereRaw(`payload::text <> '{}'`).andWhereRaw(`not coalesce((payload->>'_scrubbed')::boolean, false)`);
  };
  return [
    {
      kind: 'audit_log',
      description: 'Audit log entries',
      modes: ['delete', 'anonymize'],
      count: (tenantId, before, mode) => count(audit(knex(), tenantId, before, mode)),
      apply: (tenantId, before, mode, limit) =>
        knex().transaction(async (trx) => {
          await trx.raw("SET LOCAL bacon.audit_purge = 'on'");
          const ids = audit(trx, tenantId, before, mode).select('id').orderBy('created_at').limit(limit);
          const q = trx('audit_log').whereIn('id', ids);
          return affected(mode === 'delete' ? await q.delete() : await q.update({ before: null, after: null, ip: null }));
        }),
    },
    {
      kind: 'events',
      description: 'Durable events (the event log’s payloads)',
      modes: ['delete', 'anonymize'],
      count: (tenantId, before, mode) => count(events(knex(), tenantId, before, mode)),
      async apply(tenantId, before, mode, limit) {
        if (mode === 'delete') {
          const ids = events(knex(), tenantId, before, mode).select('id').orderBy('id').limit(limit);
          return affected(await knex()('host_events').whereIn('id', ids).delete());
        }
        const rows = (await events(knex(), tenantId, before, mode).select('id', 'payload').orderBy('id').limit(limit)) as {
          id: string;
          payload: unknown;
        }[];
        for (const r of rows) {
          const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload;
          const scrubbed = scrubEventPayload(payload);
          // Marked, so an event whose payload had nothing to scrub is not counted again.
          const marked = scrubbed && typeof scrubbed === 'object' && !Array.isArray(scrubbed) ? { ...scrubbed, _scrubbed: true } : {};
          await knex()('host_events')
            .where({ id: r.id })
            .update({ payload: JSON.stringify(marked) });
        }
        return rows.length;
      },
    },
  ];
}
