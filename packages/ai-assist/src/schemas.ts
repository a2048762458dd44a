import { errorResponses, errorResponseSchema, type JsonSchema } from '@bacon/sdk';

export const errors: Record<number, JsonSchema> = {
  ...errorResponses,
  429: errorResponseSchema,
  502: errorResponseSchema,
  504: errorResponseSchema,
};

export const conversationParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
};

export const draftBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    includeNotes: { type: 'boolean', description: 'false leaves private notes out of the prompt (the settings may leave them out always)' },
    plugins: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
      maxItems: 50,
      description: "Only these plugins' enrichers",
    },
  },
};

const usage: JsonSchema = {
  type: 'object',
  required: ['promptTokens', 'completionTokens', 'estimated', 'costUsd', 'latencyMs'],
  properties: {
    promptTokens: { type: 'integer' },
    completionTokens: { type: 'integer' },
    estimated: { type: 'boolean' },
    costUsd: { type: 'number' },
    latencyMs: { type: 'integer' },
  },
};

export const contextSchema: JsonSchema = {
  type: 'object',
  required: ['messages', 'notes', 'notesIncluded', 'tags', 'plugins'],
  properties: {
    messages: { type: 'integer' },
    notes: { type: 'integer' },
    notesIncluded: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    page: { type: ['string', 'null'] },
    plugins: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pluginId', 'enricher', 'title', 'status', 'ms'],
        properties: {
          pluginId: { type: 'string' },
          enricher: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'string', enum: ['ok', 'timeout', 'breaker_open', 'too_large', 'failed'] },
          reason: { type: 'string' },
          ms: { type: 'number' },
        },
      },
    },
  },
};

export const draftSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'traceId', 'kind', 'text', 'provider', 'model', 'source', 'context', 'usage', 'maskedPii'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    traceId: { type: 'string' },
    kind: { type: 'string', enum: ['draft', 'suggestion'] },
    text: { type: 'string' },
    provider: { type: ['string', 'null'] },
    model: { type: ['string', 'null'] },
    source: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['type', 'id'],
          properties: {
            type: { type: 'string', enum: ['macro', 'reply'] },
            id: { type: 'string' },
            name: { type: 'string' },
            conversationId: { type: 'string' },
          },
        },
      ],
    },
    context: contextSchema,
    usage,
    maskedPii: { type: 'integer' },
  },
};

export const draftParams: JsonSchema = conversationParams;

export const feedbackBody: JsonSchema = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: {
    outcome: { type: 'string', enum: ['accepted', 'edited', 'rejected'] },
    editDistance: {
      type: 'integer',
      minimum: 0,
      maximum: 1000000,
      description: 'With `edited` only: Levenshtein distance between the draft and the sent text',
    },
  },
};

export const feedbackSchema: JsonSchema = {
  type: 'object',
  required: ['draftId', 'conversationId', 'agentId', 'outcome', 'at'],
  properties: {
    tenantId: { type: 'string' },
    draftId: { type: 'string' },
    conversationId: { type: 'string' },
    agentId: { type: 'string' },
    outcome: { type: 'string', enum: ['accepted', 'edited', 'rejected'] },
    editDistance: { type: 'integer' },
    at: { type: 'string' },
  },
};
