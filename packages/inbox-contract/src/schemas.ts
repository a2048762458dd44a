import type { JsonSchema } from '@bacon/sdk';
import { STATES } from './transitions.js';
import { PRIORITIES, VIEWS } from './views.js';

/**
 * JSON schemas of the inbox's records, as its routes return them. The inbox declares its route
 * responses with them (the host checks responses against them in tests and publishes them in
 * OpenAPI); other plugins validate what they receive with the same ones.
 */
const str: JsonSchema = { type: 'string' };
const nullableStr: JsonSchema = { type: ['string', 'null'] };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const nullableUuid: JsonSchema = { type: ['string', 'null'], format: 'uuid' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const nullableTime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };

export const stateSchema: JsonSchema = { type: 'string', enum: [...STATES] };
export const prioritySchema: JsonSchema = { type: 'string', enum: [...PRIORITIES] };
export const viewSchema: JsonSchema = { type: 'string', enum: [...VIEWS] };
export const tagSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^,{}"\\\\]+$' };

export const conversationSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'tenantId', 'contactId', 'channel', 'state', 'assigneeId', 'priority', 'tags', 'lastSeq', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    contactId: uuid,
    channel: str,
    externalId: nullableStr,
    state: stateSchema,
    assigneeId: nullableUuid,
    priority: prioritySchema,
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

export const contactSchema: JsonSchema = {
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

/** A conversation as `GET /conversations` lists it: the record and its contact. */
export const conversationListItemSchema: JsonSchema = {
  ...conversationSchema,
  properties: {
    ...(conversationSchema.properties as Record<string, JsonSchema>),
    contact: contactSchema,
    unreadCount: { type: 'integer', minimum: 0 },
  },
};

export const viewCountSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'count'],
  properties: { id: viewSchema, count: { type: 'integer', minimum: 0 }, unread: { type: 'integer', minimum: 0 } },
};

export const readMarkerSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['conversationId', 'lastReadSeq', 'unreadCount'],
  properties: { conversationId: uuid, lastReadSeq: { type: 'integer', minimum: 0 }, unreadCount: { type: 'integer', minimum: 0 } },
};

/** A contact as `GET /contacts` lists it. */
export const contactListItemSchema: JsonSchema = {
  ...contactSchema,
  type: 'object',
  required: ['id', 'channel', 'externalId', 'conversationCount', 'lastActivityAt'],
  properties: {
    ...(contactSchema.properties as Record<string, JsonSchema>),
    conversationCount: { type: 'integer', minimum: 0 },
    lastActivityAt: nullableTime,
  },
};

/** `PATCH /contacts/:id`: name, email, phone (null clears one). */
export const contactPatchSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: ['string', 'null'], maxLength: 200 },
    email: { anyOf: [{ type: 'string', format: 'email', maxLength: 320 }, { type: 'null' }] },
    phone: { anyOf: [{ type: 'string', pattern: '^\\+?[0-9 ().-]{3,40}$' }, { type: 'null' }] },
  },
};

export const messageSchema: JsonSchema = {
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

/** A list of files: a request's refer to uploads by absolute URL, a stored note's by the agents' route from the root. */
const attachmentList = (url: 'uri' | 'uri-reference'): JsonSchema => ({
  type: 'array',
  maxItems: 10,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'contentType', 'size'],
    properties: {
      name: { type: 'string', minLength: 1 },
      contentType: { type: 'string', minLength: 1 },
      size: { type: 'integer', minimum: 0 },
      url: { type: 'string', format: url },
    },
  },
});

/**
 * The files a reply or a note carries (`attachments` of POST /conversations/:id/messages and /notes):
 * each as the upload route answered it (`POST /channels/conversations/:id/attachments`).
 */
export const attachmentsSchema: JsonSchema = attachmentList('uri');

export const noteSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'conversationId', 'authorId', 'body', 'mentions', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    conversationId: uuid,
    /** Null for a note an automation rule wrote. */
    authorId: nullableUuid,
    body: str,
    mentions: { type: 'array', items: uuid },
    attachments: attachmentList('uri-reference'),
    createdAt: time,
    updatedAt: time,
  },
};

export const macroActionSchema: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'tag'],
      properties: { type: { enum: ['add_tag', 'remove_tag'] }, tag: tagSchema },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'to'],
      properties: {
        type: { const: 'transition' },
        to: stateSchema,
        until: time,
        forSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'agentId'],
      properties: { type: { const: 'assign' }, agentId: uuid },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'strategy'],
      properties: { type: { const: 'assign' }, strategy: { const: 'round_robin' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'priority'],
      properties: { type: { const: 'set_priority' }, priority: prioritySchema },
    },
  ],
};

export const macroSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'body', 'actions', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    tenantId: uuid,
    name: str,
    body: nullableStr,
    actions: { type: 'array', items: macroActionSchema },
    createdBy: nullableUuid,
    createdAt: time,
    updatedAt: time,
  },
};

export const agentSchema: JsonSchema = {
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

export const settingsSchema: JsonSchema = {
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

/** The query of `GET /conversations` (`ConversationListQuery`). */
export const conversationListQuerySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    view: viewSchema,
    state: stateSchema,
    priority: prioritySchema,
    assignee: { anyOf: [uuid, { enum: ['me', 'none'] }] },
    tag: tagSchema,
    channel: { type: 'string', minLength: 1, maxLength: 64 },
    contactId: uuid,
    q: { type: 'string', minLength: 1, maxLength: 200 },
    sort: { type: 'string', enum: ['updated', 'created', 'priority'], default: 'updated' },
    order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
    cursor: { type: 'string', minLength: 1, maxLength: 500 },
  },
};

/** A cursor page of `item`: `{items, nextCursor}`. */
export function pageSchema(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: item }, nextCursor: nullableStr },
  };
}

export const searchHitSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id', 'conversationId', 'contactId', 'contactName', 'seq', 'excerpt', 'createdAt'],
  properties: {
    kind: { type: 'string', enum: ['message', 'note', 'contact'] },
    id: uuid,
    conversationId: nullableUuid,
    contactId: nullableUuid,
    contactName: nullableStr,
    seq: { type: ['integer', 'null'], minimum: 1 },
    excerpt: str,
    createdAt: time,
  },
};
