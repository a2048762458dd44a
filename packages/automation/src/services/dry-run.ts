import type { InboxApi } from '@bacon/inbox-contract';
import type { RuleDefinition } from '../rule-schema.js';
import { AutomationErrors } from '../errors.js';
import { matchTrigger, type Facts } from './match-trigger.js';
import { matchCondition, matchConditions } from './match-conditions.js';
import { planAction } from './run-action.js';
import { completeFacts } from './evaluate-event.js';
import type { Rule } from './rules.js';

export interface DryRunResult {
  /** The event the rule was tried against: the conversation's last contact message, or its creation. */
  event: { topic: string; messageId: string | null };
  triggers: { type: string; matched: boolean }[];
  conditions: { field: string; op: string; matched: boolean }[];
  conditionsMatched: boolean;
  wouldFire: boolean;
  /** The actions with their templates filled; nothing is run. */
  actions: Record<string, unknown>[];
}

/**
 * A rule against a past conversation, without effects: the conversation's last message from the
 * contact plays `message.received`, and its creation plays the conversation triggers.
 */
export async function dryRun(
  inbox: Pick<InboxApi, 'getConversation' | 'exportTranscript' | 'listMessagesSince'>,
  tenantId: string,
  rule: Pick<Rule, 'definition'> & { definition: RuleDefinition },
  conversationId: string,
): Promise<DryRunResult> {
  const conversation = await inbox.getConversation(tenantId, conversationId);
  if (!conversation) throw AutomationErrors.conversationNotFound(conversationId);
  const messages = await inbox.listMessagesSince(tenantId, conversationId, 0, 1000);
  const last = [...messages].reverse().find((m) => m.authorKind === 'contact');
  const wantsMessage = rule.definition.triggers.some((t) => t.type === 'message.received');
  const topic = wantsMessage && last ? 'message.created' : 'conversation.created';
  const facts: Facts = {
    topic,
    conversation: conversation as unknown as Record<string, unknown>,
    message: topic === 'message.created' ? (last as unknown as Record<string, unknown>) : undefined,
  };
  await completeFacts(inbox, tenantId, conversationId, facts, [rule as Rule]);
  const triggers = rule.definition.triggers.map((t) => ({
    type: t.type,
    matched: matchTrigger(t, t.type === 'conversation.created' ? { ...facts, topic: 'conversation.created' } : facts),
  }));
  const conditions = (rule.definition.conditions?.items ?? []).map((c) => ({
    field: c.field,
    op: c.op,
    matched: matchCondition(c, facts),
  }));
  const conditionsMatched = matchConditions(rule.definition, facts);
  const wouldFire = triggers.some((t) => t.matched) && conditionsMatched;
  return {
    event: { topic, messageId: facts.message ? String(facts.message.id) : null },
    triggers,
    conditions,
    conditionsMatched,
    wouldFire,
    actions: wouldFire ? rule.definition.actions.map((a) => planAction(a, facts)) : [],
  };
}
