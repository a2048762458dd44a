import { defineErrors } from '@bacon/sdk';

/** The Parley example's refusals. */
export const ParleyErrors = defineErrors('parley', {
  notConfigured: { code: 'parley_not_configured', status: 400, message: 'Set the Parley API token first.' },
  rateLimited: { code: 'parley_rate_limited', status: 429, message: 'Parley is rate limiting this account.', retryable: true },
  unavailable: { code: 'parley_unavailable', status: 503, message: 'Parley is unavailable.', retryable: true },
  rejected: { code: 'parley_rejected', status: 422, message: 'Parley refused the request.' },
});
