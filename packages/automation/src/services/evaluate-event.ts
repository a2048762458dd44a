import type { Knex } from 'knex';
import type { DurableEvent, PluginJobs, PluginLogger } from '@bacon/sdk';
import type { EventCause, InboxApi } from '@bacon/inbox-contract';
import type { Rule } from './rules.js';
import type { RuleCache } from './rule-cache.js';
import type { AutomationMetrics } from './automation-metrics.js';
import { matchTrigger, type Facts } from './match-trigger.js';
import { matchConditions } from './match-conditions.js';
import { trackSilence } from './inactivity-timers.js';
import { timeFacts, usesTime } from './business-hours.js';
import { runAction, type ActionDeps } from './run-action.js';
import { claimEvaluation, finishEvaluation, firedRecently, firingsLastHour, saveProgress, type ActionOutcome } from './evaluations.js';

/** Events rules react to: the inbox's topics and plugins' triggers (docs/plugins/events.md). */
export const RULE_TOPICS = [
  'message.created',
  'conversation.created',
  'conversation.transitioned',
  'conversation.assigned',
  'trigger.*',
  'page.viewed',
];

/**
 * A chain of rules each firing on the effect of the previous one stops at this depth: the rule fired
 * by a person's or contact's change runs at depth 0, one fired by its effect at 1, ...; an event
 * whose cause has this depth fires nothing.
 */
export const MAX_CHAIN_DEPTH = 3;

export interface EvaluateDeps {
  db: Knex;
  rules: RuleCache;
  inbox: Pick<InboxApi, 'getConversation' | 'exportTranscript'>;
  actions: ActionDeps;
  metrics: AutomationMetrics;
  log: PluginLogger;
  jobs: Pick<PluginJobs, 'send'>;
}

type Payload = {
  conversationId?: string;
  conversation?: Record<string, unknown>;
  message?: Record<string, unknown>;
  from?: string;
  to?: string;
  cause?: EventCause;
  /** `page.viewed` (the widget's page events): the page and its time on page. */
  page?: Record<string, unknown>;
};

/**
 * The facts an event brings by itself (the conversation and contact are loaded when a rule needs
 * them): a plugin trigger's payload is `trigger.*`; a widget message's page (url, title, referrer) is `page.*`.
 */
export function eventFacts(topic: string, payload: Payload): Facts {
  const facts: Facts = { topic, conversation: payload.conversation, message: payload.message, from: payload.from, to: payload.to };
  if (topic.startsWith('trigger.')) facts.trigger = payload as Record<string, unknown>;
  const page =
    topic === 'page.viewed'
      ? payload.page
      : (payload.message?.payload as { metadata?: { page?: unknown } } | null | undefined)?.metadata?.page;
  if (page && typeof page === 'object') facts.page = page as Record<string, unknown>;
  return facts;
}

/** Loads what the matching rules look at and the event did not carry. */
export async function completeFacts(
  inbox: EvaluateDeps['inbox'],
  tenantId: string,
  conversationId: string | undefined,
  facts: Facts,
  rules: readonly Rule[],
): Promise<void> {
  if (conversationId && !facts.conversation) {
    facts.conversation = (await inbox.getConversation(tenantId, conversationId)) as unknown as Record<string, unknown> | undefined;
  }
  if (facts.conversation) facts.channel = { id: facts.conversation.channel };
  const needsContact = rules.some(
    (r) =>
      r.definition.conditions?.items.some((c) => c.field.startsWith('contact.')) ||
      JSON.stringify(r.definition.actions).includes('{{contact.'),
  );
  if (needsContact && conversationId) {
    const t = await inbox.exportTranscript(tenantId, conversationId).catch(() => undefined);
    facts.contact = (t?.contact ?? undefined) as Record<string, unknown> | undefined;
  }
}

/** The event's cause when it is well formed (an event from elsewhere may carry anything). */
function causeOf(payload: Payload): EventCause | undefined {
  const c = payload.cause;
  return c && typeof c.ruleId === 'string' && Number.isInteger(c.depth) && c.depth >= 0 ? c : undefined;
}

/**
 * One event against the enabled rules of its tenant: triggers, then conditions, then loop
 * protection, debounce and rate limit, then each rule that fires runs its actions once per event.
 */
export async function evaluateEvent(deps: EvaluateDeps, event: DurableEvent): Promise<void> {
  const rules = await deps.rules.rules(event.tenantId);
  if (rules.length === 0) return;
  if (event.topic === 'message.created' && rules.some((r) => r.definition.triggers.some((t) => t.type === 'inactivity'))) {
    await trackSilence(deps, event, rules);
  }
  const end = deps.metrics.eventDuration.startTimer();
  try {
    const payload = (event.payload ?? {}) as Payload;
    const facts = eventFacts(event.topic, payload);
    let candidates = rules.filter((r) => r.definition.triggers.some((t) => matchTrigger(t, facts)));
    if (candidates.length === 0) return;
    // A page event of a visitor without a conversation is keyed by the visitor: it has no conversation.
    const conversationId =
      event.topic === 'page.viewed' ? (payload.conversationId ?? undefined) : (payload.conversationId ?? event.key ?? undefined);
    await completeFacts(deps.inbox, event.tenantId, conversationId, facts, candidates);
    // `time.*` depends on each rule's business hours: those rules get their own copy of the facts.
    const factsOf = new Map<Rule, Facts>();
    for (const r of candidates)
      factsOf.set(r, usesTime(r.definition) ? { ...facts, time: { ...timeFacts(r.definition, new Date(event.at)) } } : facts);
    candidates = candidates.filter((r) => matchConditions(r.definition, factsOf.get(r)!));
    if (candidates.length === 0) return;
    // The change's cause (set by automation's own actions, carried on the event): the rule that made
    // it never fires on it, and the chain's depth is the cause's.
    const depth = causeOf(payload)?.depth ?? 0;
    if (depth >= MAX_CHAIN_DEPTH) {
      deps.metrics.evaluations.inc({ outcome: 'skipped_depth' }, candidates.length);
      deps.log.warn({ eventId: event.id, conversationId, depth, cause: payload.cause }, 'automation chain too deep: no rule fires');
      return;
    }
    for (const rule of candidates.sort((a, b) => a.name.localeCompare(b.name))) {
      if (payload.cause?.ruleId === rule.id) {
        deps.metrics.evaluations.inc({ outcome: 'skipped_loop' });
        continue;
      }
      await fireRule(deps, rule, event, factsOf.get(rule)!, conversationId, depth);
    }
  } finally {
    end();
  }
}

/** Fires one rule for one event: debounce, rate limit, the once-per-event claim, then its actions in order. */
export async function fireRule(
  deps: EvaluateDeps,
  rule: Rule,
  event: DurableEvent,
  facts: Facts,
  conversationId: string | undefined,
  depth: number,
): Promise<void> {
  const def = rule.definition;
  if (def.debounceSeconds && conversationId && (await firedRecently(deps.db, rule.id, conversationId, def.debounceSeconds, event.id))) {
    deps.metrics.evaluations.inc({ outcome: 'skipped_debounce' });
    return;
  }
  if (def.maxPerHour && (await firingsLastHour(deps.db, rule.id)) >= def.maxPerHour) {
    deps.metrics.evaluations.inc({ outcome: 'skipped_rate' });
    deps.log.warn({ ruleId: rule.id, maxPerHour: def.maxPerHour }, 'automation rule over its rate limit: skipped');
    return;
  }
  const ev = await claimEvaluation(deps.db, {
    tenantId: event.tenantId,
    ruleId: rule.id,
    ruleVersion: rule.version,
    eventId: event.id,
    trigger: event.topic,
    conversationId,
    depth,
  });
  if (!ev) return; // this event already fired this rule (a redelivery)
  const log = deps.log.child({ traceId: ev.traceId, ruleId: rule.id, ruleVersion: rule.version, eventId: event.id });
  const outcomes: ActionOutcome[] = ev.actions.filter((o) => o.ok);
  const target = {
    tenantId: event.tenantId,
    conversationId,
    ruleId: rule.id,
    ruleVersion: rule.version,
    traceId: ev.traceId,
    eventId: event.id,
    depth,
  };
  for (const [index, action] of def.actions.entries()) {
    if (outcomes.some((o) => o.index === index)) continue; // done before a restart
    try {
      const result = await runAction(deps.actions, action, facts, target);
      outcomes.push({ index, type: action.type, ok: true, result });
      await saveProgress(deps.db, ev.id, outcomes);
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      outcomes.push({ index, type: action.type, ok: false, error: message });
      await finishEvaluation(deps.db, ev.id, outcomes, `action ${index} (${action.type}) failed: ${message}`);
      deps.metrics.evaluations.inc({ outcome: 'failed' });
      log.warn({ action: index, err: message }, 'automation rule failed');
      return;
    }
  }
  await finishEvaluation(deps.db, ev.id, outcomes);
  deps.metrics.evaluations.inc({ outcome: 'fired' });
  log.info({ actions: outcomes.length, trigger: event.topic }, 'automation rule fired');
}
