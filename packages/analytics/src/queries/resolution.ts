import type { Knex } from 'knex';
import type { ResolutionStats } from '@bacon/analytics-contract';
import { bucketSql, bucketsAndTotal, num, type ReportRange } from '../report-query.js';

const TTR = 'extract(epoch from (resolved_at - opened_at))';

/**
 * Resolution: the cycles opened in [from, to) (a conversation's start, or a reopen), how many of
 * them were resolved (closed), how many of those were reopened later, and the time from the cycle's
 * start to its close. Grouped by the cycle's local start time, channel, or the agent who held it at
 * the close ('' while unresolved).
 */
export async function resolution(db: Knex, tenantId: string, r: ReportRange) {
  const base = () => {
    const q = db('analytics_cycles').where({ tenant_id: tenantId }).where('opened_at', '>=', r.from).where('opened_at', '<', r.to);
    if (r.channel) q.where({ channel: r.channel });
    if (r.agentId) q.where({ resolver_id: r.agentId });
    if (r.siteKey) q.where({ site_key: r.siteKey });
    return q.select(
      db.raw('count(*)::int AS opened'),
      db.raw('count(resolved_at)::int AS resolved'),
      db.raw('(count(*) FILTER (WHERE reopened))::int AS reopened'),
      db.raw(`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${TTR}) FILTER (WHERE resolved_at IS NOT NULL) AS median`),
      db.raw(`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${TTR}) FILTER (WHERE resolved_at IS NOT NULL) AS p90`),
      db.raw(`avg(${TTR}) FILTER (WHERE resolved_at IS NOT NULL) AS mean`),
    );
  };
  const bucket = bucketSql(db, r, { time: 'opened_at', channel: 'channel', agent: 'resolver_id', siteKey: 'site_key' });
  const { rows, total } = await bucketsAndTotal(db, base(), bucket);
  const stats = (x: Record<string, unknown>): ResolutionStats => {
    const opened = Number(x.opened ?? 0);
    const resolved = Number(x.resolved ?? 0);
    return {
      opened,
      resolved,
      reopened: Number(x.reopened ?? 0),
      resolutionRate: opened ? resolved / opened : null,
      medianSeconds: num(x.median),
      p90Seconds: num(x.p90),
      meanSeconds: num(x.mean),
    };
  };
  return { items: rows.map((x) => ({ bucket: String(x.bucket), ...stats(x) })), total: stats(total ?? {}) };
}
