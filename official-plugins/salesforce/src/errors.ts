import { defineErrors } from '@bacon/sdk';

/** What the Salesforce plugin answers when a call cannot be made (the host keeps the code, see docs/plugins/salesforce.md). */
export const SalesforceErrors = defineErrors('salesforce', {
  notConfigured: {
    code: 'salesforce_not_configured',
    status: 422,
    message: 'Set the instance URL, the client id, the client secret and the refresh token in the Salesforce settings.',
  },
  authFailed: {
    code: 'salesforce_auth_failed',
    status: 403,
    message: 'Salesforce refused the credentials; reconnect the Salesforce app in the plugin settings.',
  },
  rejected: { code: 'salesforce_rejected', status: 422, message: 'Salesforce refused the request.' },
  notFound: { code: 'salesforce_not_found', status: 404, message: 'Salesforce has no such record.' },
  rateLimited: { code: 'salesforce_rate_limited', status: 429, message: 'Salesforce is rate limiting this org.', retryable: true },
  unavailable: { code: 'salesforce_unavailable', status: 503, message: 'Salesforce is not answering.', retryable: true },
});
