import type { Knex } from 'knex';
import { NotFound, Unauthorized, visitorKey, type AuthVisitor, type HttpContext, type PluginRoutes } from '@bacon/sdk';
import type { VisitorSurvey } from '@bacon/analytics-contract';
import { answerCsat, type AppendEvents } from './queries/csat.js';
import type { ReportCache } from './report-cache.js';
import * as S from './schemas.js';

export interface VisitorRouteDeps {
  db: Knex;
  cache: ReportCache;
  append: AppendEvents;
}

function visitorOf(ctx: HttpContext): AuthVisitor {
  const v = ctx.state.visitor;
  if (!v) throw Unauthorized('A visitor session is required.');
  return v;
}

const noSurvey = (conversationId: string) => NotFound('No survey for this conversation.', { conversationId });

/**
 * The survey of the visitor's conversation: its latest resolved cycle with a survey requested (on
 * close, when the site key has surveys on), if the visitor owns the conversation (its contact is the
 * visitor on the web channel). Unknown, someone else's or never surveyed: undefined.
 */
async function surveyOf(db: Knex, v: AuthVisitor, conversationId: string) {
  const row = await db('analytics_csat_requests as r')
    .join('inbox_conversations as c', (j) => j.on('c.tenant_id', 'r.tenant_id').andOn('c.id', 'r.conversation_id'))
    .join('inbox_contacts as k', (j) => j.on('k.tenant_id', 'c.tenant_id').andOn('k.id', 'c.contact_id'))
    .leftJoin('analytics_csat as a', (j) =>
      j.on('a.tenant_id', 'r.tenant_id').andOn('a.conversation_id', 'r.conversation_id').andOn('a.cycle', 'r.cycle'),
    )
    .where({ 'r.tenant_id': v.tenantId, 'r.conversation_id': conversationId, 'k.channel': 'web', 'k.external_id': visitorKey(v) })
    .orderBy('r.cycle', 'desc')
    .first('r.cycle', 'r.question', 'a.score', 'a.comment', 'a.answered_at');
  return row as { cycle: number; question: string; score: number | null; comment: string | null; answered_at: unknown } | undefined;
}

/**
 * The widget's CSAT routes, under `/widget/v1/csat` (visitor token, cross-origin for the site keys'
 * origins): the survey of a conversation after its close, and the visitor's answer.
 */
export function registerVisitorRoutes(routes: PluginRoutes, deps: VisitorRouteDeps): void {
  routes.get('/:conversationId', {
    auth: 'visitor',
    summary: "The CSAT survey of the visitor's closed conversation (404 when none was sent)",
    tags: ['analytics', 'widget'],
    schema: { params: S.conversationParamsSchema, response: { 200: S.visitorSurveySchema, ...S.errors } },
    handler: async (ctx): Promise<VisitorSurvey> => {
      const conversationId = ctx.params.conversationId!;
      const s = await surveyOf(deps.db, visitorOf(ctx), conversationId);
      if (!s) throw noSurvey(conversationId);
      const answer =
        s.score == null
          ? null
          : { rating: s.score, comment: s.comment ?? null, answeredAt: new Date(s.answered_at as string).toISOString() };
      return { survey: { conversationId, cycle: s.cycle, question: s.question, answer } };
    },
  });

  routes.post('/:conversationId', {
    auth: 'visitor',
    summary: "The visitor's CSAT answer (1-5, optional comment); the same answer again is answered 200",
    tags: ['analytics', 'widget'],
    schema: {
      params: S.conversationParamsSchema,
      body: S.visitorCsatBodySchema,
      response: { 200: S.csatAnswerSchema, 201: S.csatAnswerSchema, ...S.errors },
    },
    handler: async (ctx) => {
      const v = visitorOf(ctx);
      const conversationId = ctx.params.conversationId!;
      const survey = await surveyOf(deps.db, v, conversationId);
      if (!survey) throw noSurvey(conversationId);
      const body = ctx.request.body as { rating: number; comment?: string | null };
      const comment = body.comment?.trim() || null;
      const { answer, created } = await answerCsat(
        deps.db,
        v.tenantId,
        { conversationId, score: body.rating, comment },
        { append: deps.append },
      );
      if (created) deps.cache.changed(v.tenantId);
      ctx.status = created ? 201 : 200;
      return answer;
    },
  });
}
