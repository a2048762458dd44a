import type { JsonSchema } from '@bacon/sdk';
import { flowDefinitionSchema } from './flow-schema.js';
import { versionedSchemas } from '../services/versioned-store.js';

const flow = versionedSchemas(flowDefinitionSchema);
export const flowFields = flow.fields;
export const flowSchema = flow.item;

export const flowRunSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'flowId', 'flowVersion', 'conversationId', 'status', 'currentStep', 'steps', 'vars', 'traceId', 'startedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    flowId: { type: 'string', format: 'uuid' },
    flowVersion: { type: 'integer' },
    conversationId: { type: 'string', format: 'uuid' },
    startKey: { type: 'string' },
    status: { type: 'string', enum: ['running', 'waiting', 'done', 'failed', 'handed_over'] },
    currentStep: { type: 'string' },
    waitingUntil: { type: ['string', 'null'] },
    vars: { type: 'object' },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'type', 'ok', 'ms', 'at'],
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          ok: { type: 'boolean' },
          ms: { type: 'integer' },
          at: { type: 'string' },
          outcome: { type: 'string' },
          error: { type: 'string' },
        },
      },
    },
    error: { type: ['string', 'null'] },
    traceId: { type: 'string' },
    startedAt: { type: 'string' },
    updatedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
  },
};
