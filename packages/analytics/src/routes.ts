import { Unauthorized, type HttpContext, type JsonSchema, type PluginRoutes } from '@bacon/sdk';
import type { Knex } from 'knex';
import { isTimeZone, type BusinessHours } from '@bacon/inbox-contract';
import { checkRange, type ReportQuery, type ReportRange } from './report-query.js';
import type { ReportCache } from './report-cache.js';
import { firstResponse } from './queries/first-response.js';
import { resolution } from './queries/resolution.js';
import { answerCsat, conversationCsat, csat, type AppendEvents } from './queries/csat.js';
import { agentWorkload, volume, volumeHeatmap } from './queries/volume.js';
import { exportCsv } from './export-csv.js';
import { aiDrafts } from './ai-drafts.js';
import { rebuildTenant } from './rebuild.js';
import * as S from './schemas.js';
import { AnalyticsErrors } from './errors.js';

export interface RouteDeps {
  db: Knex;
  cache: ReportCache;
  /** The tenant's business-hours calendar (the analytics settings' `businessHours`), if set. */
  calendarFor?: (tenantId: string) => Promise<BusinessHours | undefined>;
  eventsTable?: string;
  append?: AppendEvents;
}

function tenantOf(ctx: HttpContext): string {
  const tenantId = ctx.state.tenantId ?? ctx.state.user?.tenantId;
  if (!tenantId) throw Unauthorized('Authentication required.');
  return tenantId;
}

type Report = (db: Knex, tenantId: string, r: ReportRange, calendar?: BusinessHours) => Promise<unknown>;

interface ReportRoute {
  path: string;
  summary: string;
  schema: JsonSchema;
  run: Report;
  /** Takes `businessHours=true` (first response only). */
  businessHours?: true;
  /** Has no site key dimension (refuses `siteKey` and `groupBy=siteKey`). */
  noSiteKey?: true;
}

const REPORTS: ReportRoute[] = [
  {
    path: '/first-response',
    summary: 'Time to first response: median, p90 and mean seconds (optionally within business hours)',
    schema: S.firstResponseSchema,
    run: firstResponse,
    businessHours: true,
  },
  { path: '/resolution', summary: 'Resolution rate, reopens and time to resolution', schema: S.resolutionSchema, run: resolution },
  { path: '/csat', summary: 'CSAT: answers, mean score, score counts and response rate', schema: S.csatSchema, run: csat },
  {
    path: '/volume',
    summary: 'Conversations, messages, replies and resolutions over time, channel or agent',
    schema: S.volumeSchema,
    run: volume,
  },
  {
    path: '/volume/heatmap',
    summary: 'Inbound messages and new conversations by weekday and hour of day',
    schema: S.heatmapSchema,
    run: volumeHeatmap,
  },
  {
    path: '/agents',
    summary: 'Agent workload: open conversations, replies, first responses, resolutions',
    schema: S.agentsSchema,
    run: agentWorkload,
  },
  {
    path: '/ai-drafts',
    summary: 'AI drafts: accepted, edited and rejected verdicts, acceptance and use rates',
    schema: S.aiDraftsSchema,
    run: aiDrafts,
    noSiteKey: true,
  },
];

async function calendarOf(deps: RouteDeps, tenantId: string): Promise<BusinessHours> {
  const calendar = await deps.calendarFor?.(tenantId);
  if (!calendar) throw AnalyticsErrors.businessHoursNotSet();
  if (!isTimeZone(calendar.timeZone)) throw AnalyticsErrors.invalidTimeZone(calendar.timeZone);
  return calendar;
}

/** The reports (cached per tenant until the tenant's analytics change), the CSV export, CSAT answers and the rebuild. */
export function registerRoutes(routes: PluginRoutes, deps: RouteDeps): void {
  for (const report of REPORTS)
    routes.get(report.path, {
      auth: 'agent',
      summary: report.summary,
      tags: ['analytics'],
      schema: { query: S.reportQuerySchema, response: { 200: report.schema, ...S.errors } },
      handler: async (ctx) => {
        const tenantId = tenantOf(ctx);
        const range = await checkRange(deps.db, ctx.state.query as unknown as ReportQuery);
        const name = report.path.slice(1);
        if (range.businessHours && !report.businessHours) throw AnalyticsErrors.reportOptionUnsupported(name, 'businessHours');
        if (report.noSiteKey && (range.siteKey || range.groupBy === 'siteKey'))
          throw AnalyticsErrors.reportOptionUnsupported(name, 'a site key');
        const calendar = range.businessHours ? await calendarOf(deps, tenantId) : undefined;
        // The calendar is part of the key: a changed setting is a different answer.
        const key = `${report.path}?${JSON.stringify(range)}${calendar ? JSON.stringify(calendar) : ''}`;
        const { value, hit } = await deps.cache.get(tenantId, key, () => report.run(deps.db, tenantId, range, calendar));
        ctx.set('x-analytics-cache', hit ? 'hit' : 'miss');
        return value;
      },
    });

  routes.get('/export.csv', {
    auth: 'agent',
    summary: 'Every conversation cycle opened in the range as CSV (streamed)',
    tags: ['analytics'],
    produces: 'text/csv',
    schema: { query: S.reportQuerySchema, response: S.errors },
    handler: async (ctx) => {
      const tenantId = tenantOf(ctx);
      const range = await checkRange(deps.db, ctx.state.query as unknown as ReportQuery);
      if (range.businessHours) throw AnalyticsErrors.reportOptionUnsupported('export', 'businessHours');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('content-disposition', 'attachment; filename="bacon-analytics.csv"');
      ctx.body = exportCsv(deps.db, tenantId, range);
    },
  });

  routes.post('/csat', {
    auth: 'agent',
    summary: "Record a contact's CSAT answer (1-5, optional comment) for the conversation's latest resolution",
    tags: ['analytics'],
    schema: { body: S.csatAnswerBodySchema, response: { 201: S.csatAnswerSchema, ...S.errors } },
    handler: async (ctx) => {
      const tenantId = tenantOf(ctx);
      const { answer } = await answerCsat(
        deps.db,
        tenantId,
        ctx.request.body as { conversationId: string; score: number; comment?: string | null },
        { append: deps.append },
      );
      deps.cache.changed(tenantId);
      ctx.status = 201;
      return answer;
    },
  });

  routes.get('/conversations/:conversationId/csat', {
    auth: 'agent',
    summary: "A conversation's CSAT answers, one per rated resolution",
    tags: ['analytics'],
    schema: { params: S.conversationParamsSchema, response: { 200: S.conversationCsatSchema, ...S.errors } },
    handler: async (ctx) => {
      const tenantId = tenantOf(ctx);
      const conversationId = ctx.params.conversationId!;
      const known = await deps.db('analytics_conversations').where({ tenant_id: tenantId, conversation_id: conversationId }).first('cycle');
      if (!known) throw AnalyticsErrors.conversationNotFound(conversationId);
      return { answers: await conversationCsat(deps.db, tenantId, conversationId) };
    },
  });

  routes.post('/rebuild', {
    auth: 'admin',
    summary: "Recompute the tenant's analytics from the inbox's rows",
    tags: ['analytics'],
    schema: { response: { 200: S.rebuildSchema, ...S.errors } },
    handler: async (ctx) => {
      const tenantId = tenantOf(ctx);
      const result = await rebuildTenant(deps.db, tenantId, deps.eventsTable);
      deps.cache.changed(tenantId);
      return result;
    },
  });
}
