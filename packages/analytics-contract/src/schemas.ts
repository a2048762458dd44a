import type { JsonSchema } from '@bacon/sdk';
import { GROUP_BY } from './report-query.js';

/** The JSON schemas of the analytics routes (ajv validates them; the OpenAPI document is made from them). */

/** The query every report takes: a range, an IANA time zone, a grouping and filters. */
export const reportQuerySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { type: 'string', format: 'date-time', description: 'Start of the range (inclusive).' },
    to: { type: 'string', format: 'date-time', description: 'End of the range (exclusive).' },
    tz: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone of the buckets (default UTC).' },
    groupBy: { type: 'string', enum: [...GROUP_BY] },
    channel: { type: 'string', minLength: 1, maxLength: 64 },
    agentId: { type: 'string', format: 'uuid' },
  },
};

const nullableNumber = { type: ['number', 'null'] };
const count = { type: 'integer', minimum: 0 };

const report = (stats: Record<string, JsonSchema>): JsonSchema => {
  const row = { type: 'object', required: Object.keys(stats), properties: stats };
  return {
    type: 'object',
    required: ['items', 'total'],
    properties: {
      items: {
        type: 'array',
        items: { ...row, required: ['bucket', ...Object.keys(stats)], properties: { bucket: { type: 'string' }, ...stats } },
      },
      total: row,
    },
  };
};

export const firstResponseSchema = report({
  count,
  medianSeconds: nullableNumber,
  p90Seconds: nullableNumber,
  meanSeconds: nullableNumber,
});

export const resolutionSchema = report({
  opened: count,
  resolved: count,
  reopened: count,
  resolutionRate: nullableNumber,
  medianSeconds: nullableNumber,
  p90Seconds: nullableNumber,
  meanSeconds: nullableNumber,
});

export const csatSchema = report({
  surveys: count,
  responses: count,
  responseRate: nullableNumber,
  average: nullableNumber,
  scores: { type: 'array', minItems: 5, maxItems: 5, items: count },
});

export const volumeSchema = report({
  conversations: count,
  inbound: count,
  humanReplies: count,
  botReplies: count,
  firstResponses: count,
  resolved: count,
  reopened: count,
});

export const heatmapSchema: JsonSchema = {
  type: 'object',
  required: ['cells'],
  properties: {
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['weekday', 'hour', 'inbound', 'conversations'],
        properties: {
          weekday: { type: 'integer', minimum: 1, maximum: 7 },
          hour: { type: 'integer', minimum: 0, maximum: 23 },
          inbound: count,
          conversations: count,
        },
      },
    },
  },
};

export const agentsSchema: JsonSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['agentId', 'open', 'humanReplies', 'firstResponses', 'resolved', 'meanFirstResponseSeconds'],
        properties: {
          agentId: { type: 'string' },
          open: count,
          humanReplies: count,
          firstResponses: count,
          resolved: count,
          meanFirstResponseSeconds: nullableNumber,
        },
      },
    },
  },
};

export const csatAnswerBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['conversationId', 'score'],
  properties: {
    conversationId: { type: 'string', format: 'uuid' },
    score: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { type: ['string', 'null'], maxLength: 2000 },
  },
};

export const csatAnswerSchema: JsonSchema = {
  type: 'object',
  required: ['conversationId', 'cycle', 'score', 'comment', 'answeredAt'],
  properties: {
    conversationId: { type: 'string' },
    cycle: count,
    score: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { type: ['string', 'null'] },
    answeredAt: { type: 'string', format: 'date-time' },
  },
};

export const rebuildSchema: JsonSchema = {
  type: 'object',
  required: ['conversations', 'messages'],
  properties: { conversations: count, messages: count },
};
