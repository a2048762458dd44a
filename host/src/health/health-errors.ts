import { defineErrors } from '@bacon/sdk';

/** Refusals of the health and metrics endpoints. */
export const HealthErrors = defineErrors('health', {
  metricsTokenRequired: {
    code: 'metrics_token_required',
    status: 401,
    message: 'Metrics need the bearer token set in BACON_METRICS_TOKEN.',
  },
  metricsLocalOnly: {
    code: 'metrics_local_only',
    status: 403,
    message: 'Metrics answer local callers only; set BACON_METRICS_TOKEN to scrape them from elsewhere.',
  },
});
