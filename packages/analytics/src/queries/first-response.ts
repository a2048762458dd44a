import type { Knex } from 'knex';
import type { DurationStats, FirstResponseRow } from '@bacon/analytics-contract';
import { openSecondsCounter, type BusinessHours } from '@bacon/inbox-contract';
import { bucketSql, bucketsAndTotal, num, type ReportRange } from '../report-query.js';

const FRT = 'extract(epoch from (first_response_at - inbound_at))';
const COLS = { time: 'first_response_at', channel: 'channel', agent: 'responder_id', siteKey: 'site_key' };

/** The cycles answered in [from, to), filtered, without the first cycle of agent-started conversations. */
function answered(db: Knex, tenantId: string, r: ReportRange): Knex.QueryBuilder {
  const q = db('analytics_cycles')
    .where({ tenant_id: tenantId, excluded: false })
    .where('first_response_at', '>=', r.from)
    .where('first_response_at', '<', r.to);
  if (r.channel) q.where({ channel: r.channel });
  if (r.agentId) q.where({ responder_id: r.agentId });
  if (r.siteKey) q.where({ site_key: r.siteKey });
  return q;
}

/**
 * Time to first response: cycles whose first human reply falls in [from, to), excluding the first
 * cycle of agent-started conversations; grouped by the reply's local time, channel, responder or
 * site key. With a business-hours calendar, only the time it is open counts.
 */
export async function firstResponse(
  db: Knex,
  tenantId: string,
  r: ReportRange,
  calendar?: BusinessHours,
): Promise<{ items: FirstResponseRow[]; total: DurationStats }> {
  if (calendar) return firstResponseInBusinessHours(db, tenantId, r, calendar);
  const base = answered(db, tenantId, r).select(
    db.raw('count(*)::int AS count'),
    db.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${FRT}) AS median`),
    db.raw(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${FRT}) AS p90`),
    db.raw(`avg(${FRT}) AS mean`),
  );
  const { rows, total } = await bucketsAndTotal(db, base, bucketSql(db, r, COLS));
  const stats = (x: Record<string, unknown>): DurationStats => ({
    count: Number(x.count),
    medianSeconds: num(x.median),
    p90Seconds: num(x.p90),
    meanSeconds: num(x.mean),
  });
  return { items: rows.map((x) => ({ bucket: String(x.bucket), ...stats(x) })), total: stats(total ?? { count: 0 }) };
}

/** A continuous percentile of sorted values, as `percentile_cont` computes it. */
export function percentileCont(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

function durationStats(values: number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianSeconds: percentileCont(sorted, 0.5),
    p90Seconds: percentileCont(sorted, 0.9),
    meanSeconds: sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : null,
  };
}

/**
 * First response time counting only the seconds the calendar is open between the inbound message and
 * the reply (closed nights, weekends and holidays count nothing). The cycles are the same as without
 * it; the seconds are computed per cycle, so a changed calendar applies to past periods too.
 */
async function firstResponseInBusinessHours(db: Knex, tenantId: string, r: ReportRange, cal: BusinessHours) {
  const rows: { bucket: string; inbound_at: string | Date; first_response_at: string | Date }[] = await answered(db, tenantId, r).select(
    db.raw('? AS bucket', [bucketSql(db, r, COLS)]),
    'inbound_at',
    'first_response_at',
  );
  const spans = rows.map((x) => [new Date(x.inbound_at), new Date(x.first_response_at)] as const);
  // The calendar's intervals are placed once over every span, then each cycle is two lookups.
  const first = new Date(spans.reduce((min, [a]) => Math.min(min, a.getTime()), r.from.getTime()));
  const openSeconds = openSecondsCounter(cal, first, r.to);
  const byBucket = new Map<string, number[]>();
  const all: number[] = [];
  for (const [i, x] of rows.entries()) {
    const seconds = openSeconds(spans[i]![0], spans[i]![1]);
    all.push(seconds);
    const bucket = String(x.bucket);
    const list = byBucket.get(bucket) ?? [];
    list.push(seconds);
    byBucket.set(bucket, list);
  }
  const items = [...byBucket.keys()].sort().map((bucket) => ({ bucket, ...durationStats(byBucket.get(bucket)!) }));
  return { items, total: durationStats(all) };
}
