import type { Knex } from 'knex';
import type { AuthVisitor, HttpContext, PluginEventLog, PluginRateLimits, PluginRoutes } from '@bacon/sdk';
import { visitorKey, visitorOwns } from './visitor-conversations.js';

/** Durable topic of a page the visitor viewed (automation's page triggers read it). */
export const PAGE_VIEWED = 'page.viewed';

/** The channels plugin's rate rule for page events, per visitor. */
export const PAGE_RATE = 'channels.page';

/** What a page event carries, as `page.*` facts for automation. */
export interface PageView {
  url: string;
  title?: string;
  referrer?: string;
  /** Seconds the visitor has been on the page (0 when it loads). */
  secondsOnPage: number;
  /** The seconds this page view reported before (absent on its first report). */
  previousSeconds?: number;
  attributes?: Record<string, string | number | boolean | null>;
}

/** The payload of `page.viewed`. `conversationId` is the visitor's conversation when they have one. */
export interface PageViewedPayload {
  visitorId: string;
  siteKey: string;
  conversationId: string | null;
  page: PageView;
}

const seconds = { type: 'integer', minimum: 0, maximum: 86400 };
const PAGE_EVENT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'secondsOnPage'],
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 2000, pattern: '^https?://' },
    title: { type: 'string', maxLength: 500 },
    referrer: { type: 'string', maxLength: 2000 },
    secondsOnPage: seconds,
    previousSeconds: seconds,
    attributes: {
      type: 'object',
      maxProperties: 50,
      additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 500 },
    },
    conversationId: { type: 'string', format: 'uuid' },
  },
};

/**
 * `POST /widget/v1/page-events`: the widget reports the page the visitor is on (at load, on a
 * single-page app's navigation, then at a few marks of time on the page), without a message. Each
 * report is appended to the durable event stream as `page.viewed`, keyed by the conversation (or the
 * visitor), so automation rules can react to it (docs/automation.md).
 */
export function registerPageViewRoutes(routes: PluginRoutes, deps: { db: Knex; events: PluginEventLog; limits: PluginRateLimits }): void {
  routes.post('/page-events', {
    auth: 'visitor',
    summary: 'Report the page the visitor is on (automation page triggers)',
    tags: ['widget'],
    schema: { body: PAGE_EVENT_BODY },
    handler: async (ctx: HttpContext) => {
      const v = ctx.state.visitor as AuthVisitor;
      const key = visitorKey(v);
      await deps.limits.consume(PAGE_RATE, key);
      const { conversationId, ...page } = ctx.request.body as PageView & { conversationId?: string };
      // A conversation the visitor does not own is dropped, never refused: the page view still counts.
      const owned = conversationId && (await visitorOwns(deps.db, v.tenantId, conversationId, key)) ? conversationId : null;
      const payload: PageViewedPayload = { visitorId: v.id, siteKey: v.siteKey, conversationId: owned, page };
      await deps.events.append(deps.db, [{ topic: PAGE_VIEWED, tenantId: v.tenantId, key: owned ?? `visitor:${key}`, payload }]);
      ctx.status = 204;
    },
  });
}
