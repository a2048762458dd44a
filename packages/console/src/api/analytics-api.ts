import type {
  AgentWorkload,
  AiDraftRow,
  ConversationCsat,
  CsatRow,
  FirstResponseRow,
  GroupBy,
  Heatmap,
  Report,
  ReportQuery,
  ResolutionRow,
  VolumeRow,
} from '@bacon/analytics-contract';
import type { ApiClient } from './api-client.js';

export type { AgentRow, HeatCell } from '@bacon/analytics-contract';

/** A report's query: a local date range (inclusive days) in the browser's time zone, and optionally one widget site key. */
export type ReportRange = Required<Pick<ReportQuery, 'from' | 'to' | 'tz'>> & Pick<ReportQuery, 'siteKey'>;

/** The analytics plugin's reports (`/api/v1/analytics/...`, docs/analytics.md); the rows are the contract's. */
export function analyticsApi(api: ApiClient) {
  const q = (r: ReportRange, groupBy: GroupBy) =>
    ({ from: r.from, to: r.to, tz: r.tz, groupBy, ...(r.siteKey ? { siteKey: r.siteKey } : {}) }) satisfies ReportQuery;
  return {
    firstResponse: (r: ReportRange, groupBy: GroupBy = 'day') =>
      api.get<Report<FirstResponseRow>>('/analytics/first-response', q(r, groupBy)),
    resolution: (r: ReportRange, groupBy: GroupBy = 'day') => api.get<Report<ResolutionRow>>('/analytics/resolution', q(r, groupBy)),
    csat: (r: ReportRange, groupBy: GroupBy = 'day') => api.get<Report<CsatRow>>('/analytics/csat', q(r, groupBy)),
    volume: (r: ReportRange, groupBy: GroupBy = 'day') => api.get<Report<VolumeRow>>('/analytics/volume', q(r, groupBy)),
    heatmap: (r: ReportRange) => api.get<Heatmap>('/analytics/volume/heatmap', q(r, 'none')),
    agents: (r: ReportRange) => api.get<AgentWorkload>('/analytics/agents', q(r, 'none')),
    /** Agents' verdicts on AI drafts (accepted, edited, rejected), from the AI assist's feedback (no site key dimension). */
    aiDrafts: (r: ReportRange) => api.get<Report<AiDraftRow>>('/analytics/ai-drafts', q({ ...r, siteKey: undefined }, 'none')),
    conversationCsat: (conversationId: string) => api.get<ConversationCsat>(`/analytics/conversations/${conversationId}/csat`),
    /** The CSV export's text (the server streams it; the browser keeps it to save it). */
    exportCsv: (r: ReportRange) => api.get<string>('/analytics/export.csv', q(r, 'none')),
  };
}
