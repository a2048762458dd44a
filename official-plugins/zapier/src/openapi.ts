import { HOOK_EVENTS, PAYLOAD_SCHEMAS } from './events.js';

const SUBSCRIPTION = {
  type: 'object',
  required: ['id', 'event', 'hookUrl', 'createdAt'],
  properties: {
    id: { type: 'string' },
    event: { enum: [...HOOK_EVENTS] },
    hookUrl: { type: 'string', format: 'uri' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } },
  },
};
const TENANT = {
  name: 'tenantId',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'Your Bacon workspace (tenant) id',
};
const errors = {
  '400': { description: 'Bad body (`zapier_bad_subscription`)', content: { 'application/json': { schema: ERROR } } },
  '403': { description: 'Wrong or missing X-API-Key (`zapier_bad_api_key`)', content: { 'application/json': { schema: ERROR } } },
  '409': {
    description: 'The Zapier plugin is not enabled for this workspace (`plugin_not_enabled`)',
    content: { 'application/json': { schema: ERROR } },
  },
};
const accepted = {
  '202': {
    description: 'Done',
    content: { 'application/json': { schema: { type: 'object', properties: { accepted: { type: 'integer' } } } } },
  },
};

/**
 * OpenAPI 3.1 description of the REST hooks, for whoever builds the Zapier app (or another REST
 * hook client): the subscribe and unsubscribe endpoints (served by the host's plugin trigger route
 * `POST /api/v1/plugins/{id}/triggers/{trigger}/{tenantId}`), the API key, and every event Bacon
 * posts to a subscribed URL, under `webhooks`, with the same schemas as the plugin's triggers.
 */
export function zapierOpenApi(serverUrl = 'https://bacon.example.com') {
  return {
    openapi: '3.1.0',
    info: { title: 'Bacon REST hooks for Zapier', version: '0.1.0' },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } } },
    security: [{ apiKey: [] }],
    paths: {
      '/api/v1/plugins/zapier/triggers/subscribe/{tenantId}': {
        post: {
          operationId: 'subscribeHook',
          summary: "Subscribe a Zap's URL to an event (the same URL and event twice: one subscription)",
          parameters: [TENANT],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['hookUrl', 'event'],
                  properties: { hookUrl: { type: 'string', pattern: '^https://hooks\\.zapier\\.com/' }, event: { enum: [...HOOK_EVENTS] } },
                },
              },
            },
          },
          responses: { ...accepted, ...errors },
        },
      },
      '/api/v1/plugins/zapier/triggers/unsubscribe/{tenantId}': {
        post: {
          operationId: 'unsubscribeHook',
          summary: "Remove a Zap's subscription, by its URL (Zapier's bundle.targetUrl) or id",
          parameters: [TENANT],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', properties: { hookUrl: { type: 'string' }, id: { type: 'string' } }, minProperties: 1 },
              },
            },
          },
          responses: { ...accepted, ...errors },
        },
      },
    },
    webhooks: Object.fromEntries(
      HOOK_EVENTS.map((e) => [
        e,
        {
          post: {
            summary: `Bacon posts ${e} to every URL subscribed to it; answer 2xx (410 Gone removes the subscription; anything else is retried)`,
            parameters: [
              { name: 'X-Bacon-Event', in: 'header', schema: { type: 'string' } },
              { name: 'X-Bacon-Delivery', in: 'header', schema: { type: 'string' }, description: 'The event id, the same on a retry' },
            ],
            requestBody: { content: { 'application/json': { schema: PAYLOAD_SCHEMAS[e] } } },
            responses: { '200': { description: 'Taken' }, '410': { description: 'Gone: Bacon removes the subscription' } },
          },
        },
      ]),
    ),
    'x-subscription': SUBSCRIPTION,
  };
}
