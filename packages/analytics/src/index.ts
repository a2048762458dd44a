import { definePlugin, type EventConsumer, type NewDurableEvent } from '@bacon/sdk';
import { csatSurveyFor, type CsatSettings } from '@bacon/analytics-contract';
import type { BusinessHours } from '@bacon/inbox-contract';
import { settingsSchema } from './settings-schema.js';
import type { Knex } from 'knex';
import { fileURLToPath } from 'node:url';
import { ANALYTICS_TOPICS, applyEvents } from './apply-event.js';
import { EventBatcher } from './event-batcher.js';
import { pruneAppliedEvents } from './prune-applied.js';
import { ReportCache } from './report-cache.js';
import type { RebuildResult } from '@bacon/analytics-contract';
import { rebuildTenant } from './rebuild.js';
import { rebuildCommand } from './rebuild-command.js';
import { registerRoutes } from './routes.js';
import { registerVisitorRoutes } from './visitor-routes.js';
import { analyticsPersonalData, csatCommentsRetention } from './personal-data.js';

export { csvCell, csvLine } from './csv-cell.js';
export { fold, type FoldChange, type ConversationFacts } from './fold.js';

/** The consumer's name (the host prefixes the plugin id: `analytics:rollups`). */
export const CONSUMER = 'rollups';

/** What the plugin offers other plugins and tests: the rebuild, and its consumer's switch. */
export interface AnalyticsApi {
  rebuild(tenantId: string): Promise<RebuildResult>;
  /** Starts the rollup consumer (init starts it; a test stops and starts it again). */
  startConsumer(): Promise<void>;
  stopConsumer(): Promise<void>;
  /** Forgets applied event ids the host pruned from its log (the consumer runs it every few minutes). */
  pruneApplied(): Promise<number>;
}

const PRUNE_EVERY_MS = 5 * 60_000;

/**
 * Analytics: a durable consumer of the inbox's events folds them into exact per-conversation facts
 * and hourly rollups (idempotently, by event id); the reports, the CSV export, CSAT answers and the
 * rebuild are served under /api/v1/analytics. Definitions: docs/analytics.md.
 */
export default definePlugin<AnalyticsApi>({
  id: 'analytics',
  version: '0.1.0',
  title: 'Analytics',
  description: 'Response times, resolution, CSAT and volume reports.',
  engines: { sdk: '^1' },
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  services: ['publicRoutes', 'personalData'],
  settings: { schema: settingsSchema },
  commands: { rebuild: rebuildCommand },
  async init(ctx) {
    const cache = new ReportCache(ctx.bus);
    ctx.services.personalData.register(analyticsPersonalData(ctx.db));
    ctx.services.personalData.addRetentionTarget(csatCommentsRetention(ctx.db));
    const append = (trx: Knex, events: NewDurableEvent[]) => ctx.events.append(trx, events);
    const calendarFor = async (tenantId: string) => (await ctx.settingsFor(tenantId)).businessHours as BusinessHours | undefined;
    registerRoutes(ctx.routes, { db: ctx.db, cache, eventsTable: ctx.events.table, append, calendarFor });
    const widgetRoutes = ctx.services.publicRoutes.scope('/widget/v1/csat', 'analytics', { crossOrigin: 'site-keys' });
    registerVisitorRoutes(widgetRoutes, { db: ctx.db, cache, append });
    const surveyFor = async (tenantId: string) => {
      const csat = (await ctx.settingsFor(tenantId)).csat as CsatSettings | undefined;
      return (siteKey: string) => csatSurveyFor(csat, siteKey);
    };
    let consumer: EventConsumer | undefined;
    let pruner: NodeJS.Timeout | undefined;
    const eventsTable = ctx.events.table ?? 'host_events';
    const batcher = new EventBatcher(async (events) => {
      for (const tenantId of await applyEvents(ctx.db, events, { surveyFor, append })) cache.changed(tenantId);
    });
    const api: AnalyticsApi = {
      rebuild: async (tenantId) => {
        const result = await rebuildTenant(ctx.db, tenantId, ctx.events.table);
        cache.changed(tenantId);
        return result;
      },
      async startConsumer() {
        // Up to 64 conversations delivered at once: the batcher applies them in one transaction.
        consumer ??= await ctx.events.consume(CONSUMER, ANALYTICS_TOPICS, (event) => batcher.add(event), {
          maxAttempts: 10,
          concurrency: 64,
        });
        pruner ??= setInterval(
          () => void api.pruneApplied().catch((err: unknown) => ctx.log.warn({ err }, 'analytics: pruning applied ids failed')),
          PRUNE_EVERY_MS,
        ).unref();
      },
      async stopConsumer() {
        const c = consumer;
        consumer = undefined;
        clearInterval(pruner);
        pruner = undefined;
        await c?.stop();
      },
      pruneApplied: () => pruneAppliedEvents(ctx.db, eventsTable),
    };
    await api.startConsumer();
    return api;
  },
});
