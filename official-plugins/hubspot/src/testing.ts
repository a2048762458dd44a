/**
 * `bacon-plugin-hubspot/testing`: stand-ins for HubSpot, so a flow that uses this plugin can be
 * tested without an account. Objects are shaped as the CRM v3 API answers them; webhooks are signed
 * as HubSpot signs them (v3). Runs in Node (tests), never in the sandbox.
 */
import { createHmac } from 'node:crypto';

export const API_BASE = 'https://api.hubapi.com';

/** A CRM v3 object as HubSpot answers it (`{id, properties, createdAt, updatedAt, archived}`). */
export function crmObject(id: string, properties: Record<string, string | null>, at = '2026-11-01T10:00:00.000Z') {
  return {
    id,
    properties: { hs_object_id: id, createdate: at, lastmodifieddate: at, ...properties },
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
}

/** A search answer: `{total, results, paging?}`. */
export const searchResult = (...results: ReturnType<typeof crmObject>[]) => ({ total: results.length, results });

/** The rate-limit headers HubSpot sends with every answer. */
export function rateLimitHeaders(remaining = 99, max = 100, intervalMs = 10000) {
  return {
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
    'X-HubSpot-RateLimit-Max': String(max),
    'X-HubSpot-RateLimit-Remaining': String(remaining),
    'X-HubSpot-RateLimit-Daily': '250000',
    'X-HubSpot-RateLimit-Daily-Remaining': '249000',
  };
}

/** HubSpot's 429 body for a burst limit. */
export const rateLimitedAnswer = (policyName = 'TEN_SECONDLY_ROLLING') => ({
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
  policyName,
});

/** HubSpot's 401 body. */
export const unauthorizedAnswer = () => ({
  status: 'error',
  message: 'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
  correlationId: 'a43683b0-5717-4ceb-80b4-104d02915d8c',
  category: 'INVALID_AUTHENTICATION',
});

/** HubSpot's 403 body when the app lacks scopes. */
export const missingScopesAnswer = (...scopes: string[]) => ({
  status: 'error',
  message:
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
  correlationId: 'b5a8e1a4-0e32-4a6b-9e4b-2d2d1c1c1c1c',
  errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: scopes } }],
  category: 'MISSING_SCOPES',
});

/**
 * The v3 signature headers for a webhook HubSpot posts to `uri`: base64 HMAC-SHA256 of
 * `POST` + uri + body + timestamp, keyed by the app's client secret.
 */
export function hubspotWebhookHeaders(secret: string, uri: string, body: string, timestamp = Date.now()) {
  const signature = createHmac('sha256', secret).update(`POST${uri}${body}${timestamp}`, 'utf8').digest('base64');
  return { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) };
}

/** A webhook event as HubSpot batches them (an array of these is the body). */
export function contactEvent(over: Record<string, unknown> = {}) {
  return {
    eventId: 100,
    subscriptionId: 1234,
    portalId: 62515,
    appId: 54321,
    occurredAt: Date.now(),
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 123,
    changeSource: 'CRM',
    propertyName: 'lifecyclestage',
    propertyValue: 'customer',
    ...over,
  };
}
