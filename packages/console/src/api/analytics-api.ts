import type { ApiClient } from './api-client.js';

/** A report's query: a local date range (inclusive days) in the browser's time zone. */
export interface ReportRange {
  from: string;
  to: string;
  tz: string;
}

export interface FirstResponseRow {
  bucket: string;
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

export interface ResolutionRow {
  bucket: string;
  opened: number;
  resolved: number;
  reopened: number;
  resolutionRate: number | null;
  medianSeconds: number | null;
}

export interface CsatRow {
  bucket: string;
  surveys: number;
  responses: number;
  responseRate: number | null;
  average: number | null;
}

export interface VolumeRow {
  bucket: string;
  conversations: number;
  inbound: number;
  humanReplies: number;
  botReplies: number;
  resolved: number;
}

export interface HeatCell {
  weekday: number;
  hour: number;
  inbound: number;
  conversations: number;
}

export interface AgentRow {
  agentId: string;
  open: number;
  humanReplies: number;
  firstResponses: number;
  resolved: number;
  meanFirstResponseSeconds: number | null;
}

interface Report<T> {
  items: T[];
  total: Omit<T, 'bucket'>;
}

/** The analytics plugin's reports (`/api/v1/analytics/...`, docs/analytics.md). */
export function analyticsApi(api: ApiClient) {
  const q = (r: ReportRange, groupBy: string) => ({ from: r.from, to: r.to, tz: r.tz, groupBy });
  return {
    firstResponse: (r: ReportRange, groupBy = 'day') => api.get<Report<FirstResponseRow>>('/analytics/first-response', q(r, groupBy)),
    resolution: (r: ReportRange, groupBy = 'day') => api.get<Report<ResolutionRow>>('/analytics/resolution', q(r, groupBy)),
    csat: (r: ReportRange, groupBy = 'day') => api.get<Report<CsatRow>>('/analytics/csat', q(r, groupBy)),
    volume: (r: ReportRange, groupBy = 'day') => api.get<Report<VolumeRow>>('/analytics/volume', q(r, groupBy)),
    heatmap: (r: ReportRange) => api.get<{ cells: HeatCell[] }>('/analytics/volume/heatmap', q(r, 'none')),
    agents: (r: ReportRange) => api.get<{ items: AgentRow[] }>('/analytics/agents', q(r, 'none')),
    /** The CSV export's text (the server streams it; the browser keeps it to save it). */
    exportCsv: (r: ReportRange) => api.get<string>('/analytics/export.csv', q(r, 'none')),
  };
}
