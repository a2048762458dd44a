import { definePlugin } from '@bacon/sdk';
import { fileURLToPath } from 'node:url';
import type { InboxApi } from '@bacon/inbox-contract';
import { createInboxApi } from './inbox-api.js';
import { createInboxMetrics } from './services/inbox-metrics.js';
import { createRedaction } from './services/redaction.js';
import { createNoteAttachments } from './services/note-attachments.js';
import { createOutboundChecks } from './services/outbound-checks.js';
import { createKeyedQueue } from './services/keyed-queue.js';
import { SettingsCache } from './services/settings-cache.js';
import { GroupCommit, type GroupCommitOptions } from './services/group-commit.js';
import { RETENTION_QUEUE, WAKE_SNOOZED_QUEUE, type InboxDeps } from './services/deps.js';
import { wakeSnoozed } from './services/wake-snoozed.js';
import { runDailyRetention } from './services/retention.js';
import { registerRoutes } from './routes/index.js';
import { pluginContextRoutes } from './routes/plugin-context-routes.js';
import { inboxPersonalData } from './services/personal-data.js';
import { inboxRetentionTargets } from './services/retention-targets.js';

/** A retention run a minute after boot starts (or joins) the daily chain. */
const BOOT_RETENTION_DELAY_SECONDS = 60;

export interface InboxPluginOptions {
  /**
   * Group commit of the message path's one-statement appends (`services/group-commit.ts`): off by
   * default, because on the measured machines it lowered throughput and raised p99 (docs/inbox.md,
   * "the message path"). `true` for the defaults, or the batch and in-flight bounds.
   */
  groupCommit?: boolean | GroupCommitOptions;
}

/**
 * The inbox: conversations and their queue states, assignment, notes, macros and transcripts. A
 * first-party trusted plugin: it owns its migrations and routes (mounted at /api/v1) and returns the
 * `InboxApi` of `@bacon/inbox-contract` that channels and other plugins use (the contract holds
 * the records' types and schemas, the event payloads and `renderMacro`: import them from there).
 */
export function inboxPlugin(opts: InboxPluginOptions = {}) {
  return definePlugin<InboxApi>({
    id: 'inbox',
    version: '0.1.0',
    title: 'Inbox',
    description: 'Conversations, queue states, assignment, notes, macros and transcripts.',
    engines: { sdk: '^1' },
    http: { prefix: '' },
    services: ['directory', 'audit', 'personalData', 'pluginEnrichers', 'pluginActions', 'messageComponents'],
    migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
    async init(ctx) {
      const deps: InboxDeps = {
        db: ctx.db,
        directory: ctx.services.directory,
        audit: ctx.services.audit,
        bus: ctx.bus,
        events: ctx.events,
        jobs: ctx.jobs,
        log: ctx.log,
        metrics: createInboxMetrics(ctx.metrics, ctx.db),
        redaction: createRedaction(),
        outboundChecks: createOutboundChecks(),
        noteAttachments: createNoteAttachments(),
        assignments: createKeyedQueue(),
        settings: new SettingsCache(ctx.db, ctx.bus),
        components: ctx.services.messageComponents,
      };
      if (opts.groupCommit) deps.appends = new GroupCommit(ctx.db, opts.groupCommit === true ? {} : opts.groupCommit);
      registerRoutes(ctx.routes, deps);
      pluginContextRoutes(ctx.routes, deps, { enrichers: ctx.services.pluginEnrichers, actions: ctx.services.pluginActions });
      ctx.services.personalData.register(inboxPersonalData(ctx.db));
      for (const t of inboxRetentionTargets(ctx.db)) ctx.services.personalData.addRetentionTarget(t);
      await ctx.jobs.work(WAKE_SNOOZED_QUEUE, async () => {
        await wakeSnoozed(deps);
      });
      await ctx.jobs.work(RETENTION_QUEUE, async () => {
        await runDailyRetention(deps);
      });
      await ctx.jobs.send(RETENTION_QUEUE, {}, { startAfter: BOOT_RETENTION_DELAY_SECONDS });
      // Snoozes that fell due while no host was running.
      await wakeSnoozed(deps);
      return createInboxApi(deps);
    },
  });
}

export default inboxPlugin();
