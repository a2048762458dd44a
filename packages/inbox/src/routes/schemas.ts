import type { JsonSchema } from '@bacon/sdk';

/**
 * Route-only schemas of the inbox (params and error bodies). The records' schemas are the
 * contract's (`@bacon/inbox-contract`): routes import them from there.
 */
export const idParams: JsonSchema = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } };

/** The error answers: one schema for every plugin, in the SDK. */
export { errorResponseSchema as errorResponse, errorResponses as errors } from '@bacon/sdk';
