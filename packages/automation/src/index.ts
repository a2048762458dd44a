import { definePlugin } from '@bacon/sdk';
import { fileURLToPath } from 'node:url';
import type { InboxApi } from '@bacon/inbox-contract';
import { ruleRoutes } from './routes/rule-routes.js';
import { RuleCache } from './services/rule-cache.js';
import { createAutomationMetrics } from './services/automation-metrics.js';
import { fireTimer, INACTIVITY_QUEUE } from './services/inactivity-timers.js';
import { evaluateEvent, RULE_TOPICS, type EvaluateDeps } from './services/evaluate-event.js';
import { NOTIFICATION_TOPIC } from './services/actions/notify.js';
import { fireSchedule, rearmSchedules, SCHEDULE_QUEUE, type ScheduleJob } from './services/schedules.js';
import type { Knex } from 'knex';
import { flowRoutes } from './flows/flow-routes.js';
import { presetRoutes } from './presets/preset-routes.js';
import { createFlowMetrics } from './flows/flow-metrics.js';
import { flowContextEnricher } from './flows/flow-context-enricher.js';
import { answerWaitingRuns, endWait, FLOW_WAIT_QUEUE, startFlow, type WaitJob } from './flows/run-flow.js';
import type { FlowDeps } from './flows/flow-deps.js';

export { ruleDefinitionSchema, type RuleDefinition, type Trigger, type Condition, type Action } from './rule-schema.js';
export { SIGNATURE_HEADER, signBody } from './services/run-action.js';
export { NOTIFICATION_TOPIC, type AgentNotification } from './services/actions/notify.js';
export { AutomationErrorCatalog } from './errors.js';
export { matchTrigger, type Facts } from './services/match-trigger.js';
export { matchConditions } from './services/match-conditions.js';
export { nextFire } from './services/next-fire.js';
export { isOpen, localTime } from './services/business-hours.js';
export { flowDefinitionSchema, type FlowDefinition, type FlowStep } from './flows/flow-schema.js';
export { FlowErrorCatalog } from './flows/flow-errors.js';
export { PresetErrors } from './presets/preset-errors.js';
export { PRESETS, type Preset } from './presets/presets.js';

/** Durable consumer partitions: hosts share the work by conversation (docs/plugins/events.md). */
const PARTITIONS = 4;

/** The database handle the enricher reads flows' context with (set by `init`; the enricher runs only after it). */
const running: { db?: Knex } = {};

/**
 * Automation: versioned rules (triggers, conditions, actions) evaluated on the inbox's durable
 * events, at least once and once per (rule, event), with debounce, rate limits, loop protection
 * and an audit row per firing. Admin API at /api/v1/automation-rules (docs/automation.md).
 */
export default definePlugin({
  id: 'automation',
  version: '0.1.0',
  title: 'Automation',
  description: 'Rules that react to conversations and messages: reply, assign, transition, call plugins and webhooks.',
  engines: { sdk: '^1' },
  dependencies: { inbox: '^0.1.0' },
  http: { prefix: '' },
  services: ['pluginActions', 'realtime', 'messageComponents'],
  enrichers: { flowContext: flowContextEnricher(() => running.db) },
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  async init(ctx) {
    const inbox = ctx.use<InboxApi>('inbox');
    const rules = new RuleCache(ctx.db, ctx.bus);
    running.db = ctx.db;
    const flows: FlowDeps = {
      db: ctx.db,
      inbox,
      plugins: ctx.services.pluginActions,
      jobs: ctx.jobs,
      metrics: createFlowMetrics(ctx.metrics),
      log: ctx.log,
    };
    const deps: EvaluateDeps = {
      db: ctx.db,
      rules,
      inbox,
      actions: {
        inbox,
        plugins: ctx.services.pluginActions,
        webhookTimeoutMs: 10000,
        bus: ctx.bus,
        log: ctx.log,
        flows: { start: (input) => startFlow(flows, input) },
      },
      metrics: createAutomationMetrics(ctx.metrics),
      log: ctx.log,
      jobs: ctx.jobs,
    };
    // A rule's notification reaches every agent socket of the tenant, never a widget (the console shows
    // those addressed to its agent or to all).
    ctx.services.realtime.forward(NOTIFICATION_TOPIC, () => ({}));
    ruleRoutes(ctx.routes, { db: ctx.db, rules, inbox, jobs: ctx.jobs, components: ctx.services.messageComponents });
    await ctx.jobs.work<{ timerId: string }>(INACTIVITY_QUEUE, (job) => fireTimer(deps, job.data.timerId));
    await ctx.jobs.work<ScheduleJob>(SCHEDULE_QUEUE, (job) => fireSchedule(deps, job.data));
    flowRoutes(ctx.routes, flows);
    presetRoutes(ctx.routes, { db: ctx.db, rules, jobs: ctx.jobs });
    await ctx.jobs.work<WaitJob>(FLOW_WAIT_QUEUE, (job) => endWait(flows, job.data));
    // The visitor's messages answer waiting runs: once per event (the run's claim is compare-and-set).
    await ctx.events.consume('flows', ['message.created'], (event) => answerWaitingRuns(flows, event), {
      partitions: PARTITIONS,
      from: 'now',
    });
    await ctx.events.consume('rules', RULE_TOPICS, (event) => evaluateEvent(deps, event), { partitions: PARTITIONS, from: 'now' });
    // Queues the jobs of the armed ticks (a tick missed while the cluster was down fires once, late).
    // Not awaited: on PGlite (one session) a query made during init waits for the host's start to end.
    setImmediate(() => void rearmSchedules(deps).catch((err: unknown) => ctx.log.warn({ err }, 'automation: re-arming schedules failed')));
  },
});
