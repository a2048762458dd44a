import { defineErrors } from '@bacon/sdk';

/** What the HubSpot plugin answers when a call cannot be made or HubSpot refuses it. */
export const HubSpotErrors = defineErrors('hubspot', {
  notConfigured: {
    code: 'hubspot_not_configured',
    status: 422,
    message: 'Set a private-app access token (or the OAuth client and refresh token) in the HubSpot settings.',
  },
  unauthorized: { code: 'hubspot_unauthorized', status: 422, message: 'HubSpot refused the access token (revoked, expired or mistyped).' },
  missingScopes: { code: 'hubspot_missing_scopes', status: 422, message: 'The HubSpot app lacks a scope this call needs.' },
  refreshFailed: { code: 'hubspot_refresh_failed', status: 422, message: 'HubSpot refused to refresh the OAuth access token.' },
  rateLimited: { code: 'hubspot_rate_limited', status: 429, message: 'HubSpot is rate limiting this app.', retryable: true },
  unavailable: { code: 'hubspot_unavailable', status: 503, message: 'HubSpot is not answering.', retryable: true },
  rejected: { code: 'hubspot_rejected', status: 422, message: 'HubSpot refused the request.' },
  badSignature: { code: 'hubspot_bad_signature', status: 403, message: 'The webhook is not signed by this HubSpot app, or is too old.' },
});
