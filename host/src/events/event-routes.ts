import type { Knex } from 'knex';
import type { RouteRegistry } from '../http/route-registry.js';
import { tenantOf } from '../auth/tenant-scope.js';
import { discardParked, getParked, listParked, requestRetry } from './parked-events.js';

const PARKED = {
  type: 'object',
  required: ['id', 'consumer', 'eventId', 'topic', 'key', 'seq', 'payload', 'error', 'attempts', 'status', 'parkedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    consumer: { type: 'string' },
    eventId: { type: 'string' },
    topic: { type: 'string' },
    key: { type: ['string', 'null'] },
    seq: { type: ['integer', 'null'] },
    payload: {},
    error: { type: 'string' },
    attempts: { type: 'integer' },
    status: { type: 'string', enum: ['parked', 'retrying'] },
    parkedAt: { type: 'string', format: 'date-time' },
  },
};
const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } },
};
const LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { consumer: { type: 'string', maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
};
const LIST = {
  type: 'object',
  required: ['parked'],
  additionalProperties: false,
  properties: { parked: { type: 'array', items: PARKED } },
};
const TAGS = ['events'];

/**
 * Admin API of parked events (tenant-scoped): list them, ask for one more delivery (run by the
 * consumer's lease holder; `GET` shows the outcome: gone when it succeeded, `parked` again with the
 * new error when not), or discard one.
 */
export function registerEventRoutes(routes: RouteRegistry, knex: Knex, wake: () => void): void {
  routes.add({
    method: 'get',
    path: '/api/v1/events/parked',
    auth: 'admin',
    summary: 'Events a durable consumer parked after repeated failures (oldest first)',
    tags: TAGS,
    schema: {
      query: LIST_QUERY,
      response: { 200: LIST },
    },
    handler: async (ctx) => {
      const q = ctx.state.query as { consumer?: string; limit: number };
      return { parked: await listParked(knex, tenantOf(ctx), q) };
    },
  });
  routes.add({
    method: 'get',
    path: '/api/v1/events/parked/:id',
    auth: 'admin',
    summary: 'One parked event (after a retry: gone when it succeeded, parked again when not)',
    tags: TAGS,
    schema: { params: ID_PARAMS, response: { 200: PARKED } },
    handler: async (ctx) => getParked(knex, tenantOf(ctx), (ctx.params as { id: string }).id),
  });
  routes.add({
    method: 'post',
    path: '/api/v1/events/parked/:id/retry',
    auth: 'admin',
    summary: "Deliver a parked event once more (by the consumer's lease holder)",
    tags: TAGS,
    schema: { params: ID_PARAMS, response: { 202: PARKED } },
    handler: async (ctx) => {
      const row = await requestRetry(knex, tenantOf(ctx), (ctx.params as { id: string }).id);
      wake();
      ctx.status = 202;
      return row;
    },
  });
  routes.add({
    method: 'delete',
    path: '/api/v1/events/parked/:id',
    auth: 'admin',
    summary: 'Discard a parked event',
    tags: TAGS,
    schema: { params: ID_PARAMS },
    handler: async (ctx) => {
      await discardParked(knex, tenantOf(ctx), (ctx.params as { id: string }).id);
      ctx.status = 204;
    },
  });
}
