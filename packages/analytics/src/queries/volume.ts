import type { Knex } from 'knex';
import type { AgentRow, VolumeCounts } from '@bacon/analytics-contract';
import { bucketSql, bucketsAndTotal, type ReportRange } from '../report-query.js';

export const VOLUME_COUNTERS = [
  'conversations',
  'inbound',
  'human_replies',
  'bot_replies',
  'first_responses',
  'resolved',
  'reopened',
] as const;

const camel = (s: string) => s.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());

/** The hourly rollup rows of a report, filtered by the range (rounded to whole hours), channel, agent and site key. */
function rollup(db: Knex, tenantId: string, r: ReportRange) {
  const q = db('analytics_hourly').where({ tenant_id: tenantId }).where('hour', '>=', r.from).where('hour', '<', r.to);
  if (r.channel) q.where({ channel: r.channel });
  if (r.agentId) q.where({ agent_id: r.agentId });
  if (r.siteKey) q.where({ site_key: r.siteKey });
  return q.select(VOLUME_COUNTERS.map((c) => db.raw('sum(??)::int AS ??', [c, c])));
}

const counts = (x: Record<string, unknown>) =>
  Object.fromEntries(VOLUME_COUNTERS.map((c) => [camel(c), Number(x[c] ?? 0)])) as unknown as VolumeCounts;

/**
 * Volume from the hourly rollup: new conversations, inbound messages, human and bot replies, first
 * responses, resolutions and reopens, grouped by local time, hour of day, weekday, channel or agent.
 */
export async function volume(db: Knex, tenantId: string, r: ReportRange) {
  const bucket = bucketSql(db, r, { time: 'hour', channel: 'channel', agent: 'agent_id', siteKey: 'site_key' });
  const { rows, total } = await bucketsAndTotal(db, rollup(db, tenantId, r), bucket);
  return { items: rows.map((x) => ({ bucket: String(x.bucket), ...counts(x) })), total: counts(total ?? {}) };
}

/** Inbound messages and new conversations by local weekday (1 Monday to 7 Sunday) and hour of day. */
export async function volumeHeatmap(db: Knex, tenantId: string, r: ReportRange) {
  const local = db.raw('(hour AT TIME ZONE ?)', [r.tz]).toQuery();
  const rows = await rollup(db, tenantId, r)
    .select(db.raw(`extract(isodow from ${local})::int AS weekday`), db.raw(`extract(hour from ${local})::int AS hour_of_day`))
    .groupBy('weekday', 'hour_of_day')
    .orderBy(['weekday', 'hour_of_day']);
  return {
    cells: rows.map((x) => ({
      weekday: Number(x.weekday),
      hour: Number(x.hour_of_day),
      inbound: Number(x.inbound),
      conversations: Number(x.conversations),
    })),
  };
}

/**
 * Agent workload: open conversations held now (assigned or snoozed), and in the range the
 * assignments they received, their replies, first responses and resolutions.
 */
export async function agentWorkload(db: Knex, tenantId: string, r: ReportRange) {
  const openQuery = db('analytics_conversations').where({ tenant_id: tenantId });
  if (r.channel) openQuery.where({ channel: r.channel });
  if (r.siteKey) openQuery.where({ site_key: r.siteKey });
  const open = await openQuery
    .whereIn('state', ['assigned', 'snoozed'])
    .whereNotNull('assignee_id')
    .groupBy('assignee_id')
    .select('assignee_id', db.raw('count(*)::int AS open'));
  const activity = await rollup(db, tenantId, { ...r, agentId: undefined })
    .whereNot({ agent_id: '' })
    .select('agent_id', db.raw('sum(frt_seconds) AS frt_seconds'), db.raw('sum(assigned)::int AS assigned'))
    .groupBy('agent_id');
  const byAgent = new Map<string, AgentRow>();
  const entry = (agentId: string) => {
    const e = byAgent.get(agentId) ?? {
      agentId,
      open: 0,
      assigned: 0,
      humanReplies: 0,
      firstResponses: 0,
      resolved: 0,
      meanFirstResponseSeconds: null,
    };
    byAgent.set(agentId, e);
    return e;
  };
  for (const o of open) entry(o.assignee_id).open = Number(o.open);
  for (const a of activity) {
    const e = entry(a.agent_id);
    e.assigned = Number(a.assigned);
    e.humanReplies = Number(a.human_replies);
    e.firstResponses = Number(a.first_responses);
    e.resolved = Number(a.resolved);
    e.meanFirstResponseSeconds = e.firstResponses ? Number(a.frt_seconds) / e.firstResponses : null;
  }
  const items = [...byAgent.values()]
    .filter((e) => !r.agentId || e.agentId === r.agentId)
    .sort((a, b) => a.agentId.localeCompare(b.agentId));
  return { items };
}
