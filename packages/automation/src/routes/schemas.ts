import type { JsonSchema } from '@bacon/sdk';
import { ruleDefinitionSchema } from '../rule-schema.js';
import { versionedSchemas } from '../services/versioned-store.js';

export const idParams: JsonSchema = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } };

/** The error answers: one schema for every plugin, in the SDK. */
export { errorResponseSchema as errorResponse, errorResponses as errors } from '@bacon/sdk';

const rule = versionedSchemas(ruleDefinitionSchema);
export const ruleSchema = rule.item;
export const ruleFields = rule.fields;

export const evaluationSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'ruleId', 'ruleVersion', 'eventId', 'trigger', 'traceId', 'status', 'actions', 'startedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    ruleId: { type: 'string', format: 'uuid' },
    ruleVersion: { type: 'integer' },
    eventId: { type: 'string' },
    trigger: { type: 'string' },
    conversationId: { type: ['string', 'null'] },
    traceId: { type: 'string' },
    depth: { type: 'integer' },
    status: { type: 'string', enum: ['running', 'done', 'failed'] },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'type', 'ok'],
        properties: {
          index: { type: 'integer' },
          type: { type: 'string' },
          ok: { type: 'boolean' },
          result: {},
          error: { type: 'string' },
        },
      },
    },
    error: { type: ['string', 'null'] },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
  },
};

export const dryRunSchema: JsonSchema = {
  type: 'object',
  required: ['event', 'triggers', 'conditions', 'conditionsMatched', 'wouldFire', 'actions'],
  properties: {
    event: {
      type: 'object',
      required: ['topic', 'messageId'],
      properties: { topic: { type: 'string' }, messageId: { type: ['string', 'null'] } },
    },
    triggers: {
      type: 'array',
      items: { type: 'object', required: ['type', 'matched'], properties: { type: { type: 'string' }, matched: { type: 'boolean' } } },
    },
    conditions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'op', 'matched'],
        properties: { field: { type: 'string' }, op: { type: 'string' }, matched: { type: 'boolean' } },
      },
    },
    conditionsMatched: { type: 'boolean' },
    wouldFire: { type: 'boolean' },
    actions: { type: 'array', items: { type: 'object' } },
  },
};
