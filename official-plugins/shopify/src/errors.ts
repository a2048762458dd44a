import { defineErrors } from '@bacon/sdk';

/** What the Shopify plugin answers when a call cannot be made or Shopify refuses it. */
export const ShopifyErrors = defineErrors('shopify', {
  notConfigured: {
    code: 'shopify_not_configured',
    status: 422,
    message: 'Set the shop domain and the Admin API access token in the Shopify settings.',
  },
  unauthorized: {
    code: 'shopify_unauthorized',
    status: 422,
    message: 'Shopify refused the Admin API access token (revoked, mistyped, or from another shop).',
  },
  accessDenied: {
    code: 'shopify_access_denied',
    status: 422,
    message: 'The Shopify app lacks an access scope this call needs.',
  },
  shopNotFound: { code: 'shopify_shop_not_found', status: 422, message: 'No Shopify shop answers at this domain.' },
  throttled: { code: 'shopify_throttled', status: 429, message: 'Shopify is throttling this app.', retryable: true },
  unavailable: { code: 'shopify_unavailable', status: 503, message: 'Shopify is not answering.', retryable: true },
  queryFailed: { code: 'shopify_query_failed', status: 502, message: 'Shopify answered the query with an error.' },
  orderNotFound: { code: 'shopify_order_not_found', status: 404, message: 'No order with that number in this shop.' },
  badSignature: { code: 'shopify_bad_signature', status: 403, message: 'The webhook is not signed by this Shopify app.' },
  unexpectedTopic: { code: 'shopify_unexpected_topic', status: 400, message: 'This trigger does not take that webhook topic.' },
});
