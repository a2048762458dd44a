import { createHmac } from 'node:crypto';
import type { EventCause, InboxApi } from '@bacon/inbox-contract';
import type { MessageComponent, PluginActionCalls, PluginBus, PluginLogger } from '@bacon/sdk';
import type { Action } from '../rule-schema.js';
import { addTag } from './actions/add-tag.js';
import { addNote } from './actions/add-note.js';
import { notify } from './actions/notify.js';
import { setPriority } from './actions/set-priority.js';
import { needConversation } from './actions/need-conversation.js';
import type { Facts } from './match-trigger.js';
import { renderTemplate, renderValue } from './match-conditions.js';

export interface ActionDeps {
  inbox: Pick<InboxApi, 'sendAgentMessage' | 'assign' | 'transition' | 'changeTags' | 'addNote' | 'setPriority'>;
  plugins: PluginActionCalls;
  /** The live bus (notify's realtime notifications) and the log (notify's log lines). */
  bus: Pick<PluginBus, 'publish'>;
  log: PluginLogger;
  /** Webhook deadline (ms). */
  webhookTimeoutMs: number;
  /** Starts flow runs (`start_flow`); absent where flows are not wired (dry runs). */
  flows?: FlowStarter;
}

/** What `start_flow` needs: a run per (flow, start key), continued when the same key comes again. */
export interface FlowStarter {
  start(input: { tenantId: string; flowId: string; conversationId: string; startKey: string; cause: EventCause }): Promise<{
    id: string;
    status: string;
  }>;
}

export interface ActionTarget {
  tenantId: string;
  conversationId?: string;
  ruleId: string;
  ruleVersion: number;
  traceId: string;
  eventId: string;
  /** The chain depth the rule fired at; its changes carry `depth + 1` in their cause. */
  depth: number;
}

/** The target as an action's change is made: by automation, with the cause its events carry. */
export type ActingTarget = ActionTarget & { actor: { kind: 'plugin'; cause: EventCause } };

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>` on automation webhooks. */
export const SIGNATURE_HEADER = 'x-bacon-signature';

/** The signature of a webhook body with the action's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** What an action would do, with its templates filled (dry runs show this; runs execute it). */
export function planAction(action: Action, facts: Facts): Record<string, unknown> {
  switch (action.type) {
    case 'send_message':
      return {
        type: action.type,
        text: renderTemplate(action.text, facts),
        ...(action.components ? { components: renderValue(action.components, facts) } : {}),
      };
    case 'call_plugin':
      return { type: action.type, pluginId: action.pluginId, action: action.action, input: renderValue(action.input ?? {}, facts) };
    case 'webhook':
      return { type: action.type, url: action.url, signed: Boolean(action.secret) };
    case 'add_note':
    case 'notify':
      return { ...action, text: renderTemplate(action.text, facts) };
    default:
      return { ...action };
  }
}

async function postWebhook(deps: ActionDeps, action: Extract<Action, { type: 'webhook' }>, body: string): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (action.secret) headers[SIGNATURE_HEADER] = signBody(action.secret, body);
  const res = await fetch(action.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(deps.webhookTimeoutMs) });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`the webhook answered ${res.status}`);
  return { status: res.status };
}

/** Runs one action; answers a small summary of what it did for the audit row. */
export async function runAction(deps: ActionDeps, action: Action, facts: Facts, t: ActionTarget): Promise<unknown> {
  const cause = { eventId: t.eventId, ruleId: t.ruleId, depth: t.depth + 1 };
  const actor = { kind: 'plugin' as const, cause };
  switch (action.type) {
    case 'send_message': {
      const m = await deps.inbox.sendAgentMessage(t.tenantId, needConversation(t), {
        authorId: null,
        authorKind: 'bot',
        text: renderTemplate(action.text, facts),
        ...(action.components ? { components: renderValue(action.components, facts) as MessageComponent[] } : {}),
        cause,
      });
      return { messageId: m.id };
    }
    case 'assign': {
      const target = action.agentId ? { agentId: action.agentId } : { strategy: 'round_robin' as const };
      const c = await deps.inbox.assign(t.tenantId, needConversation(t), target, actor);
      return { assigneeId: c.assigneeId };
    }
    case 'transition': {
      const c = await deps.inbox.transition(t.tenantId, needConversation(t), action.to, { actor });
      return { state: c.state };
    }
    case 'webhook': {
      const body = JSON.stringify({
        ruleId: t.ruleId,
        ruleVersion: t.ruleVersion,
        traceId: t.traceId,
        eventId: t.eventId,
        topic: facts.topic,
        conversation: facts.conversation ?? null,
        message: facts.message ?? null,
      });
      return postWebhook(deps, action, body);
    }
    case 'start_flow': {
      if (!deps.flows) throw new Error('flows are not available here');
      const startKey = `rule:${t.ruleId}:${t.eventId}`;
      const run = await deps.flows.start({
        tenantId: t.tenantId,
        flowId: action.flowId,
        conversationId: needConversation(t),
        startKey,
        cause,
      });
      return { runId: run.id, status: run.status };
    }
    case 'call_plugin': {
      const input = renderValue(action.input ?? {}, facts);
      return { output: (await deps.plugins.call(action.pluginId, action.action, input, t.tenantId)) ?? null };
    }
    case 'add_tag':
      return addTag(deps, action, { ...t, actor });
    case 'add_note':
      return addNote(deps, action, facts, { ...t, actor });
    case 'notify':
      return notify(deps, action, facts, { ...t, actor });
    case 'set_priority':
      return setPriority(deps, action, { ...t, actor });
  }
}
