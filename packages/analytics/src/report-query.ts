import type { Knex } from 'knex';
import type { GroupBy, ReportQuery } from '@bacon/analytics-contract';
import { AnalyticsErrors } from './errors.js';

export type { GroupBy, ReportQuery };

/** A checked query: dates parsed, time zone known to the database. */
export interface ReportRange {
  from: Date;
  to: Date;
  tz: string;
  groupBy: GroupBy;
  channel?: string;
  agentId?: string;
  siteKey?: string;
  businessHours: boolean;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 400;
const MAX_HOURLY_DAYS = 31;

let zones: Promise<Set<string>> | undefined;

/** The time zone names the database knows (IANA), read once per process. */
function knownZones(db: Knex): Promise<Set<string>> {
  zones ??= db
    .raw('SELECT name FROM pg_timezone_names')
    .then((r: { rows: { name: string }[] }) => new Set(r.rows.map((z) => z.name)))
    .catch((err: unknown) => {
      zones = undefined;
      throw err;
    });
  return zones;
}

/** Checks a report query: `from` before `to`, a bounded span, an IANA time zone. */
export async function checkRange(db: Knex, q: ReportQuery): Promise<ReportRange> {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(from.getTime() < to.getTime())) throw AnalyticsErrors.invalidRange(q.from, q.to);
  const groupBy = q.groupBy ?? 'none';
  const maxDays = groupBy === 'hour' ? MAX_HOURLY_DAYS : MAX_DAYS;
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) throw AnalyticsErrors.rangeTooLarge(maxDays, groupBy);
  const tz = q.tz ?? 'UTC';
  if (!(await knownZones(db)).has(tz)) throw AnalyticsErrors.invalidTimeZone(tz);
  const filters = { channel: q.channel, agentId: q.agentId, siteKey: q.siteKey };
  return { from, to, tz, groupBy, ...filters, businessHours: q.businessHours === true };
}

/**
 * The SQL of a report's bucket for a row: local time in `tz` truncated to the unit (as
 * `YYYY-MM-DDTHH:MI`), the hour of day ('00' to '23'), the ISO weekday (1 Monday to 7 Sunday), the channel,
 * the agent ('' for none), the site key ('' for none), or 'all'.
 */
export function bucketSql(
  db: Knex,
  r: ReportRange,
  cols: { time: string; channel: string; agent: string; siteKey: string | null },
): Knex.Raw {
  const local = db.raw('(?? AT TIME ZONE ?)', [cols.time, r.tz]);
  switch (r.groupBy) {
    case 'hour':
    case 'day':
    case 'week':
    case 'month':
      return db.raw(`to_char(date_trunc(?, ${local.toQuery()}), 'YYYY-MM-DD"T"HH24:MI')`, [r.groupBy]);
    case 'hourOfDay':
      return db.raw(`lpad(extract(hour from ${local.toQuery()})::int::text, 2, '0')`);
    case 'weekday':
      return db.raw(`extract(isodow from ${local.toQuery()})::int::text`);
    case 'channel':
      return db.raw('??', [cols.channel]);
    case 'agent':
      return db.raw(`coalesce(??::text, '')`, [cols.agent]);
    case 'siteKey':
      return cols.siteKey ? db.raw(`coalesce(??, '')`, [cols.siteKey]) : db.raw(`''::text`);
    default:
      return db.raw(`'all'::text`);
  }
}

/** Seconds as numbers (percentiles and means come back as strings or null from some drivers). */
export const num = (v: unknown): number | null => (v == null ? null : Number(v));

/**
 * Runs a report's aggregate once for both its buckets and its total (`GROUPING SETS ((bucket), ())`:
 * one scan), and splits the answer: the row whose bucket is null is the total (buckets never are).
 */
export async function bucketsAndTotal(
  db: Knex,
  aggregate: Knex.QueryBuilder,
  bucket: Knex.Raw,
): Promise<{ rows: Record<string, unknown>[]; total: Record<string, unknown> | undefined }> {
  const sql = bucket.toQuery();
  const all: Record<string, unknown>[] = await aggregate.select(db.raw(`${sql} AS bucket`)).groupByRaw(`GROUPING SETS ((${sql}), ())`);
  const rows = all.filter((x) => x.bucket != null).sort((a, b) => (String(a.bucket) < String(b.bucket) ? -1 : 1));
  return { rows, total: all.find((x) => x.bucket == null) };
}
