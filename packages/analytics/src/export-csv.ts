import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { csvLine } from './csv-cell.js';
import type { ReportRange } from './report-query.js';

const PAGE = 1000;

export const EXPORT_COLUMNS = [
  'conversation_id',
  'cycle',
  'channel',
  'opened_at',
  'inbound_at',
  'first_response_at',
  'first_response_seconds',
  'responder_id',
  'resolved_at',
  'resolution_seconds',
  'resolver_id',
  'reopened',
  'agent_started',
  'csat_score',
  'csat_comment',
  'site_key',
] as const;

const seconds = (from: unknown, to: unknown) =>
  from && to ? (new Date(to as string).getTime() - new Date(from as string).getTime()) / 1000 : null;

/**
 * Every cycle opened in [from, to) (filtered by channel, resolving agent and site key), one CSV line each,
 * read a page at a time (keyset on opened_at, conversation, cycle) as the client reads: memory stays
 * flat however many rows there are.
 */
export function exportCsv(db: Knex, tenantId: string, r: ReportRange): Readable {
  async function* lines() {
    yield csvLine([...EXPORT_COLUMNS]);
    let after: [string, string, number] | undefined;
    for (;;) {
      const q = db('analytics_cycles as c')
        .leftJoin('analytics_csat as s', (j) =>
          j.on('s.tenant_id', 'c.tenant_id').andOn('s.conversation_id', 'c.conversation_id').andOn('s.cycle', 'c.cycle'),
        )
        .where('c.tenant_id', tenantId)
        .where('c.opened_at', '>=', r.from)
        .where('c.opened_at', '<', r.to)
        .orderBy([{ column: 'c.opened_at' }, { column: 'c.conversation_id' }, { column: 'c.cycle' }])
        .limit(PAGE)
        .select('c.*', db.raw('c.opened_at::text AS opened_key'), 's.score as csat_score', 's.comment as csat_comment');
      if (r.channel) q.where('c.channel', r.channel);
      if (r.agentId) q.where('c.resolver_id', r.agentId);
      if (r.siteKey) q.where('c.site_key', r.siteKey);
      if (after) q.whereRaw('(c.opened_at, c.conversation_id, c.cycle) > (?::timestamptz, ?, ?)', after);
      const rows = await q;
      for (const x of rows)
        yield csvLine([
          x.conversation_id,
          x.cycle,
          x.channel,
          iso(x.opened_at),
          iso(x.inbound_at),
          iso(x.first_response_at),
          x.excluded ? null : seconds(x.inbound_at, x.first_response_at),
          x.responder_id,
          iso(x.resolved_at),
          seconds(x.opened_at, x.resolved_at),
          x.resolver_id,
          x.reopened,
          x.excluded,
          x.csat_score,
          x.csat_comment,
          x.site_key,
        ]);
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.opened_key, last.conversation_id, last.cycle];
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
