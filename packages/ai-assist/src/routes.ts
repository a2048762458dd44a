import { PassThrough } from 'node:stream';
import { Unauthorized, type AuthUser, type HttpContext, type PluginEventLog, type PluginRoutes } from '@bacon/sdk';
import type { AiMetrics } from './ai-metrics.js';
import type { FeedbackOutcome } from './drafts-store.js';
import { finishDraft, startDraft, type DraftDeps, type DraftInput } from './make-draft.js';
import { recordDraftFeedback } from './record-feedback.js';
import * as S from './schemas.js';

/** The response header naming a draft's trace id (also in every log line of the draft). */
export const TRACE_HEADER = 'x-ai-trace-id';

function callerOf(ctx: HttpContext): { tenantId: string; user: AuthUser } {
  const user = ctx.state.user;
  if (!user) throw Unauthorized('Authentication required.');
  return { tenantId: user.tenantId, user };
}

function draftInput(ctx: HttpContext): DraftInput {
  const { tenantId, user } = callerOf(ctx);
  const body = (ctx.request.body ?? {}) as { includeNotes?: boolean; plugins?: string[] };
  return { tenantId, user, conversationId: ctx.params.id!, includeNotes: body.includeNotes, plugins: body.plugins };
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * `POST /conversations/:id/draft` (JSON), `POST /conversations/:id/draft/stream` (server-sent
 * events: `context`, `delta`..., then `done` or `error`) and `POST /drafts/:id/feedback`.
 */
export function registerRoutes(routes: PluginRoutes, deps: DraftDeps & { events: PluginEventLog; metrics: AiMetrics }): void {
  routes.post('/conversations/:id/draft', {
    auth: 'agent',
    summary: 'A draft reply from the whole conversation and plugin context (an offline suggestion when no provider is set)',
    tags: ['ai-assist'],
    schema: { params: S.conversationParams, body: S.draftBody, response: { 200: S.draftSchema, ...S.errors } },
    handler: async (ctx) => {
      const started = await startDraft(deps, draftInput(ctx), { stream: false });
      ctx.set(TRACE_HEADER, started.traceId);
      return finishDraft(started);
    },
  });

  routes.post('/conversations/:id/draft/stream', {
    auth: 'agent',
    summary: 'The same draft streamed as server-sent events: context, delta (text pieces), then done (the stored draft) or error',
    tags: ['ai-assist'],
    produces: 'text/event-stream',
    schema: { params: S.conversationParams, body: S.draftBody, response: S.errors },
    handler: async (ctx) => {
      const started = await startDraft(deps, draftInput(ctx), { stream: true });
      const out = new PassThrough();
      ctx.set(TRACE_HEADER, started.traceId);
      ctx.set('cache-control', 'no-cache, no-transform');
      ctx.set('x-accel-buffering', 'no');
      ctx.type = 'text/event-stream';
      ctx.status = 200;
      ctx.body = out;
      const { pieces, ...meta } = started;
      out.write(sse('context', meta));
      void (async () => {
        try {
          for (;;) {
            const r = await pieces.next();
            if (r.done) {
              out.write(sse('done', r.value));
              break;
            }
            out.write(sse('delta', { text: r.value }));
          }
        } catch (err) {
          const e = err as { code?: string; message?: string; retryable?: boolean };
          const known = typeof e.code === 'string' && e.code.startsWith('ai_');
          if (!known) ctx.state.log?.error({ err, traceId: started.traceId }, 'ai draft stream failed');
          out.write(sse('error', { error: { code: known ? e.code : 'internal_error', message: known ? e.message : 'The draft failed.' } }));
        } finally {
          out.end();
        }
      })();
    },
  });

  routes.post('/drafts/:id/feedback', {
    auth: 'agent',
    summary: "The agent's feedback on a draft: accepted, edited (with the edit distance) or rejected; once per draft",
    tags: ['ai-assist'],
    schema: { params: S.draftParams, body: S.feedbackBody, response: { 201: S.feedbackSchema, ...S.errors } },
    handler: async (ctx) => {
      const { tenantId, user } = callerOf(ctx);
      const body = ctx.request.body as { outcome: FeedbackOutcome; editDistance?: number };
      const event = await recordDraftFeedback(deps, { tenantId, agentId: user.id, draftId: ctx.params.id!, ...body });
      ctx.status = 201;
      return event;
    },
  });
}
