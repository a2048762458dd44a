import { defineErrors } from '@bacon/sdk';

/** The test kit's own failures (a host answer that carries no error body of its own). */
export const TestingErrors = defineErrors('testing', {
  httpFailed: { code: 'http_failed', status: 500, message: 'The test host answered an HTTP error without an error body.' },
});
