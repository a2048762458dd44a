import type { JsonSchema } from '@bacon/sdk';
import type { EventCause } from '@bacon/inbox-contract';
import type { Facts } from '../match-trigger.js';
import { renderTemplate } from '../match-conditions.js';
import type { ActionDeps, ActingTarget } from '../run-action.js';

/** Live-bus topic of a rule's notification; the host forwards it to the tenant's agent sockets. */
export const NOTIFICATION_TOPIC = 'automation.notification';

/**
 * Tells agents something: a realtime notification (to one agent, or every agent of the tenant when
 * `agentId` is absent) and/or a log line. `text` is templated.
 */
export interface NotifyAction {
  type: 'notify';
  text: string;
  agentId?: string;
  /** Where it goes (default `['realtime']`). */
  via?: ('realtime' | 'log')[];
}

export const notifySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'text'],
  properties: {
    type: { const: 'notify' },
    text: { type: 'string', minLength: 1, maxLength: 1000, pattern: '\\S' },
    agentId: { type: 'string', format: 'uuid' },
    via: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { type: 'string', enum: ['realtime', 'log'] } },
  },
};

/** What agents' sockets receive as the payload of `automation.notification` (agentId null: all agents). */
export interface AgentNotification {
  tenantId: string;
  agentId: string | null;
  text: string;
  conversationId: string | null;
  ruleId: string;
  traceId: string;
  cause: EventCause;
}

export async function notify(deps: ActionDeps, action: NotifyAction, facts: Facts, t: ActingTarget): Promise<unknown> {
  const via = action.via ?? ['realtime'];
  const n: AgentNotification = {
    tenantId: t.tenantId,
    agentId: action.agentId ?? null,
    text: renderTemplate(action.text, facts),
    conversationId: t.conversationId ?? null,
    ruleId: t.ruleId,
    traceId: t.traceId,
    cause: t.actor.cause,
  };
  if (via.includes('log')) deps.log.info({ notification: n }, 'automation notification');
  if (via.includes('realtime')) await deps.bus.publish({ topic: NOTIFICATION_TOPIC, tenantId: t.tenantId, payload: n });
  return { to: n.agentId ?? 'all', via };
}
