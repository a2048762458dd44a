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
    siteKey: { type: 'string', minLength: 1, maxLength: 80, description: 'Only conversations of this widget site key.' },
    businessHours: {
      type: 'boolean',
      description: "First response: count only time within the tenant's business hours (the analytics settings' calendar).",
    },
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
        required: ['agentId', 'open', 'assigned', 'humanReplies', 'firstResponses', 'resolved', 'meanFirstResponseSeconds'],
        properties: {
          agentId: { type: 'string' },
          open: count,
          assigned: count,
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

/** The widget's answer: a 1-5 rating and an optional comment. */
export const visitorCsatBodySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rating'],
  properties: {
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    comment: { type: ['string', 'null'], maxLength: 2000 },
  },
};

export const conversationParamsSchema: JsonSchema = {
  type: 'object',
  required: ['conversationId'],
  properties: { conversationId: { type: 'string', format: 'uuid' } },
};

export const visitorSurveySchema: JsonSchema = {
  type: 'object',
  required: ['survey'],
  properties: {
    survey: {
      type: ['object', 'null'],
      required: ['conversationId', 'cycle', 'question', 'answer'],
      properties: {
        conversationId: { type: 'string' },
        cycle: count,
        question: { type: 'string' },
        answer: {
          type: ['object', 'null'],
          required: ['rating', 'comment', 'answeredAt'],
          properties: {
            rating: { type: 'integer', minimum: 1, maximum: 5 },
            comment: { type: ['string', 'null'] },
            answeredAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
};

export const conversationCsatSchema: JsonSchema = {
  type: 'object',
  required: ['answers'],
  properties: { answers: { type: 'array', items: csatAnswerSchema } },
};

/** The analytics plugin's settings (install level, per-tenant overrides): the CSAT survey, per site key. */
export const analyticsSettingsSchema: JsonSchema = {
  type: 'object',
  properties: {
    csat: {
      type: 'object',
      title: 'CSAT survey',
      description: 'Sent on close to web conversations; per site key overrides.',
      properties: {
        enabled: { type: 'boolean', default: true, title: 'Send a survey on close' },
        question: { type: 'string', minLength: 1, maxLength: 300, title: 'Question' },
        siteKeys: {
          type: 'object',
          title: 'Per site key',
          maxProperties: 200,
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: {
              enabled: { type: 'boolean' },
              question: { type: 'string', minLength: 1, maxLength: 300 },
            },
          },
        },
      },
    },
  },
};

export const aiDraftsSchema = report({
  drafts: count,
  accepted: count,
  edited: count,
  rejected: count,
  acceptanceRate: nullableNumber,
  useRate: nullableNumber,
  meanEditDistance: nullableNumber,
});
