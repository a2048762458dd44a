import { defineErrors } from '@bacon/sdk';

/** What the Zapier plugin answers (see docs/plugins/zapier.md). */
export const ZapierErrors = defineErrors('zapier', {
  notConfigured: { code: 'zapier_not_configured', status: 422, message: 'Set the API key in the Zapier settings.' },
  badApiKey: { code: 'zapier_bad_api_key', status: 403, message: 'The X-API-Key header does not match this workspace’s Zapier API key.' },
  badSubscription: { code: 'zapier_bad_subscription', status: 400, message: 'The subscription request is not valid.' },
  hostNotAllowed: {
    code: 'webhook_host_not_allowed',
    status: 400,
    message: 'The webhook URL is not https on a host this plugin may call.',
  },
  deliveryFailed: {
    code: 'webhook_delivery_failed',
    status: 503,
    message: 'The webhook receiver did not accept the delivery.',
    retryable: true,
  },
});
