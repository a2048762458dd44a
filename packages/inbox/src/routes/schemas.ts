import type { JsonSchema } from '@bacon/sdk';

/** JSON schemas shared by the inbox routes (requests validated by the host; responses checked in tests). */
const str: JsonSchema = { type: 'string' };
const nullableStr: JsonSchema = { type: ['string', 'null'] };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const nullableUuid: JsonSchema = { type: ['string', 'null'], format: 'uuid' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const nullableTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };

export const STATE: JsonSchema = { type: 'string', enum: ['new', 'assigned', 'snoozed', 'closed'] };
export const PRIORITY: JsonSchema = { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] };
export const TAG: JsonSchema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^,{}"\\\\]+$' };

export const idParams: JsonSchema = { type: 'object', required: ['id'], properties: { id: uuid } };

export const errorResponse: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: str, message: str, details: {} } } },
};

export const conversation: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'tenantId', 'contactId', 'channel', 'state', 'assigneeId', 'priority', 'tags', 'lastSeq', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    contactId: uuid,
    channel: str,
    externalId: nullableStr,
    state: STATE,
    assigneeId: nullableUuid,
    priority: PRIORITY,
    subject: nullableStr,
    tags: { type: 'array', items: str },
    snoozedUntil: nullableTime,
    waitingSince: nullableTime,
    firstInboundAt: nullableTime,
    firstResponseAt: nullableTime,
    lastMessageAt: nullableTime,
    closedAt: nullableTime,
    lastSeq: { type: 'integer', minimum: 0 },
    preview: nullableStr,
    createdAt: time,
    updatedAt: time,
  },
};

export const contact: JsonSchema = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['id', 'channel', 'externalId'],
  properties: {
    id: uuid,
    tenantId: uuid,
    channel: str,
    externalId: str,
    name: nullableStr,
    email: nullableStr,
    phone: nullableStr,
    attributes: { type: 'object' },
    createdAt: time,
  },
};

export const message: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'conversationId', 'seq', 'authorKind', 'body', 'createdAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    conversationId: uuid,
    seq: { type: 'integer', minimum: 1 },
    authorKind: { type: 'string', enum: ['contact', 'agent', 'bot', 'system'] },
    authorId: nullableUuid,
    body: str,
    payload: { type: ['object', 'null'] },
    channel: str,
    externalId: nullableStr,
    createdAt: time,
  },
};

export const note: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'conversationId', 'authorId', 'body', 'mentions', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    conversationId: uuid,
    authorId: uuid,
    body: str,
    mentions: { type: 'array', items: uuid },
    createdAt: time,
    updatedAt: time,
  },
};

export const macroAction: JsonSchema = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['type', 'tag'], properties: { type: { enum: ['add_tag', 'remove_tag'] }, tag: TAG } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'to'],
      properties: { type: { const: 'transition' }, to: STATE, until: time, forSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000 } },
    },
    { type: 'object', additionalProperties: false, required: ['type', 'agentId'], properties: { type: { const: 'assign' }, agentId: uuid } },
    { type: 'object', additionalProperties: false, required: ['type', 'strategy'], properties: { type: { const: 'assign' }, strategy: { const: 'round_robin' } } },
    { type: 'object', additionalProperties: false, required: ['type', 'priority'], properties: { type: { const: 'set_priority' }, priority: PRIORITY } },
  ],
};

export const macro: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'body', 'actions', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    name: str,
    body: nullableStr,
    actions: { type: 'array', items: macroAction },
    createdBy: nullableUuid,
    createdAt: time,
    updatedAt: time,
  },
};

export const agent: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['agentId', 'available', 'capacity', 'load'],
  properties: {
    agentId: uuid,
    available: { type: 'boolean' },
    capacity: { type: ['integer', 'null'] },
    load: { type: 'integer' },
    name: nullableStr,
    email: nullableStr,
    role: { type: 'string', enum: ['admin', 'agent'] },
  },
};

export const settings: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['autoAssign', 'defaultCapacity', 'retentionDays', 'retentionMode'],
  properties: {
    tenantId: uuid,
    autoAssign: { type: 'boolean' },
    defaultCapacity: { type: ['integer', 'null'], minimum: 1 },
    retentionDays: { type: ['integer', 'null'], minimum: 1 },
    retentionMode: { type: 'string', enum: ['delete', 'anonymize'] },
  },
};

export function page(item: JsonSchema): JsonSchema {
  return { type: 'object', additionalProperties: false, required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: item }, nextCursor: nullableStr } };
}

export const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
