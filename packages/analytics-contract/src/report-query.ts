/** How a report groups its rows: local time units, hour of day, weekday, or a dimension. */
export const GROUP_BY = ['none', 'hour', 'day', 'week', 'month', 'channel', 'agent', 'siteKey', 'hourOfDay', 'weekday'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** A report's query as `GET /api/v1/analytics/...` accepts it (see `reportQuerySchema`). */
export interface ReportQuery {
  /** Start of the range (ISO 8601, inclusive). */
  from: string;
  /** End of the range (ISO 8601, exclusive). */
  to: string;
  /** IANA time zone of the buckets (default UTC). */
  tz?: string;
  groupBy?: GroupBy;
  channel?: string;
  agentId?: string;
  /** The widget site key (inbox) conversations came through. */
  siteKey?: string;
  /** First response only: count only the time the tenant's business-hours calendar is open. */
  businessHours?: boolean;
}
