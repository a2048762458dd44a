import type { JsonSchema } from '@bacon/sdk';

/**
 * Route-only schemas of the inbox (params and error bodies). The records' schemas are the
 * contract's (`@bacon/inbox-contract`): routes import them from there.
 */
export const idParams: JsonSchema = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } };

export const errorResponse: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

export const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse };
