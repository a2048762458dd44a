/** The routes' schemas are the contract's; the error answers are the SDK's (one schema for every plugin). */
export * from '@bacon/analytics-contract';
export { errorResponseSchema as errorResponse, errorResponses as errors } from '@bacon/sdk';
