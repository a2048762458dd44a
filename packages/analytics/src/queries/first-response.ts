import type { Knex } from 'knex';
import type { DurationStats, FirstResponseRow } from '@bacon/analytics-contract';
import { bucketSql, bucketsAndTotal, num, type ReportRange } from '../report-query.js';

const FRT = 'extract(epoch from (first_response_at - inbound_at))';

/**
 * Time to first response: cycles whose first human reply falls in [from, to), excluding the first
 * cycle of agent-started conversations; grouped by the reply's local time, channel or responder.
 */
export async function firstResponse(
  db: Knex,
  tenantId: string,
  r: ReportRange,
): Promise<{ items: FirstResponseRow[]; total: DurationStats }> {
  const base = () => {
    const q = db('analytics_cycles')
      .where({ tenant_id: tenantId, excluded: false })
      .where('first_response_at', '>=', r.from)
      .where('first_response_at', '<', r.to);
    if (r.channel) q.where({ channel: r.channel });
    if (r.agentId) q.where({ responder_id: r.agentId });
    return q.select(
      db.raw('count(*)::int AS count'),
      db.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${FRT}) AS median`),
      db.raw(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${FRT}) AS p90`),
      db.raw(`avg(${FRT}) AS mean`),
    );
  };
  const bucket = bucketSql(db, r, { time: 'first_response_at', channel: 'channel', agent: 'responder_id' });
  const { rows, total } = await bucketsAndTotal(db, base(), bucket);
  const stats = (x: Record<string, unknown>): DurationStats => ({
    count: Number(x.count),
    medianSeconds: num(x.median),
    p90Seconds: num(x.p90),
    meanSeconds: num(x.mean),
  });
  return { items: rows.map((x) => ({ bucket: String(x.bucket), ...stats(x) })), total: stats(total ?? { count: 0 }) };
}
