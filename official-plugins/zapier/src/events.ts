import type { DurableEvent } from '@bacon/sdk';

/** The events a Zap can subscribe to, by the name Zapier sends in `event`. */
export const HOOK_EVENTS = ['conversation.created', 'conversation.closed', 'message.created', 'csat.answered'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** What every hook delivery carries: `id` (the Bacon event id: Zapier de-duplicates on it), the event, when. */
const BASE = {
  id: { type: 'string', description: 'The Bacon event id; the same on a retried delivery' },
  event: { enum: HOOK_EVENTS },
  tenantId: { type: 'string' },
  occurredAt: { type: 'string', format: 'date-time' },
};

export const PAYLOAD_SCHEMAS: Record<HookEvent, Record<string, unknown>> = {
  'conversation.created': {
    type: 'object',
    required: ['id', 'event', 'tenantId', 'occurredAt', 'conversationId', 'conversation'],
    properties: { ...BASE, conversationId: { type: 'string' }, conversation: { type: 'object' } },
  },
  'conversation.closed': {
    type: 'object',
    required: ['id', 'event', 'tenantId', 'occurredAt', 'conversationId', 'conversation'],
    properties: { ...BASE, conversationId: { type: 'string' }, from: { type: 'string' }, conversation: { type: 'object' } },
  },
  'message.created': {
    type: 'object',
    required: ['id', 'event', 'tenantId', 'occurredAt', 'conversationId', 'message'],
    properties: { ...BASE, conversationId: { type: 'string' }, message: { type: 'object' } },
  },
  'csat.answered': {
    type: 'object',
    required: ['id', 'event', 'tenantId', 'occurredAt', 'conversationId', 'rating'],
    properties: {
      ...BASE,
      conversationId: { type: 'string' },
      contactId: { type: ['string', 'null'] },
      rating: { type: 'number' },
      comment: { type: ['string', 'null'] },
      answeredAt: { type: 'string' },
    },
  },
};

type Payload = Record<string, unknown>;

/** The delivery for a durable event, or undefined when the event is not news for Zaps (a transition to another state). */
export function hookPayload(hook: HookEvent, event: DurableEvent): Payload | undefined {
  const p = (event.payload ?? {}) as Payload;
  const base = { id: event.id, event: hook, tenantId: event.tenantId, occurredAt: new Date(event.at).toISOString() };
  switch (hook) {
    case 'conversation.created':
      return { ...base, conversationId: p.conversationId, conversation: p.conversation ?? {} };
    case 'conversation.closed':
      if (p.to !== 'closed') return undefined;
      return { ...base, conversationId: p.conversationId, from: p.from, conversation: p.conversation ?? {} };
    case 'message.created':
      return { ...base, conversationId: p.conversationId, message: p.message ?? {} };
    case 'csat.answered':
      return {
        ...base,
        conversationId: p.conversationId,
        contactId: p.contactId ?? null,
        rating: p.rating,
        comment: p.comment ?? null,
        answeredAt: p.answeredAt ?? base.occurredAt,
      };
  }
}
