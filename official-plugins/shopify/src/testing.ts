/**
 * `bacon-plugin-shopify/testing`: stand-ins for Shopify, so a flow that uses this plugin can be
 * tested without a shop. Answers are shaped as the Admin GraphQL API documents them
 * (`{data, extensions: {cost}}`), webhooks are signed as Shopify signs them. Runs in Node (tests),
 * never in the sandbox.
 */
import { createHmac } from 'node:crypto';
import { API_VERSION } from './shopify-client.js';
import type { ShopifyCustomerNode, ShopifyOrderNode } from './orders.js';

export { API_VERSION };
export type { ShopifyCustomerNode, ShopifyOrderNode };

/** `extensions.cost` as Shopify sends it after a query (a full bucket by default). */
export function costExtension(throttle: Partial<{ requested: number; available: number; maximum: number; restoreRate: number }> = {}) {
  const { requested = 12, available = 1990, maximum = 2000, restoreRate = 100 } = throttle;
  return {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: requested,
      throttleStatus: { maximumAvailable: maximum, currentlyAvailable: available, restoreRate },
    },
  };
}

/** A successful GraphQL answer. */
export const graphqlData = <T>(data: T, throttle?: Parameters<typeof costExtension>[0]) => ({ data, extensions: costExtension(throttle) });

/** Shopify's answer when the bucket is empty: HTTP 200, a `THROTTLED` error and the throttle status. */
export function throttledAnswer(requested = 100, available = 10, restoreRate = 100) {
  return {
    errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
    extensions: {
      cost: {
        requestedQueryCost: requested,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
      },
    },
  };
}

/** Shopify's answer for a field the app has no scope for. */
export function accessDeniedAnswer(scope = 'read_orders', field = 'orders') {
  return {
    errors: [
      {
        message: `Access denied for ${field} field. Required access: \`${scope}\` access scope.`,
        locations: [{ line: 2, column: 3 }],
        path: [field],
        extensions: {
          code: 'ACCESS_DENIED',
          documentation: 'https://shopify.dev/api/usage/access-scopes',
          requiredAccess: `\`${scope}\` access scope.`,
        },
      },
    ],
    data: null,
    extensions: costExtension(),
  };
}

let seq = 1000;

/** An order node as the plugin's queries select it, with sensible defaults. */
export function orderNode(over: Partial<ShopifyOrderNode> = {}): ShopifyOrderNode {
  const n = ++seq;
  return {
    id: `gid://shopify/Order/${5500000000 + n}`,
    name: `#${n}`,
    createdAt: '2026-11-20T10:00:00Z',
    cancelledAt: null,
    statusPageUrl: `https://example-shop.myshopify.com/1/orders/${n}/authenticate?key=abc`,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'FULFILLED',
    totalPriceSet: { shopMoney: { amount: '49.90', currencyCode: 'EUR' } },
    customer: { id: 'gid://shopify/Customer/7000000001', displayName: 'Ada Lovelace', email: 'ada@example.com', phone: '+14155550123' },
    fulfillments: [
      {
        status: 'SUCCESS',
        createdAt: '2026-11-21T08:00:00Z',
        trackingInfo: [{ company: 'UPS', number: '1Z999AA10123456784', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }],
      },
    ],
    refunds: [],
    ...over,
  };
}

/** A customer node as the plugin's queries select it. */
export function customerNode(over: Partial<ShopifyCustomerNode> = {}): ShopifyCustomerNode {
  return {
    id: 'gid://shopify/Customer/7000000001',
    displayName: 'Ada Lovelace',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    phone: '+14155550123',
    numberOfOrders: '2',
    amountSpent: { amount: '99.80', currencyCode: 'EUR' },
    createdAt: '2025-03-01T09:00:00Z',
    tags: ['vip'],
    ...over,
  };
}

/** `X-Shopify-Hmac-Sha256` for a body: base64 HMAC-SHA256 keyed by the app's secret. */
export const signShopifyWebhook = (secret: string, body: string) => createHmac('sha256', secret).update(body, 'utf8').digest('base64');

/** Headers Shopify sends with a webhook (signature, topic, shop, ids). */
export function shopifyWebhookHeaders(secret: string, body: string, topic: string, shop = 'example-shop.myshopify.com') {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': signShopifyWebhook(secret, body),
    'x-shopify-shop-domain': shop,
    'x-shopify-api-version': API_VERSION,
    'x-shopify-webhook-id': `b54557e4-bdd9-4b37-8a5f-bf7d70bc${String(++seq).padStart(4, '0')}`,
    'x-shopify-triggered-at': new Date().toISOString(),
  };
}

/** nock itself (this package does not depend on it): `(base) => Scope`. */
type NockLike = (base: string) => any;

type GraphqlBody = { query: string; variables?: Record<string, unknown> };

/**
 * A fake shop behind nock: answers the plugin's GraphQL operations from the customers and orders
 * given (customers matched by email or phone, orders by name), for as long as the test runs.
 *
 * ```ts
 * import nock from 'nock';
 * import { fakeShop, customerNode, orderNode } from 'bacon-plugin-shopify/testing';
 * fakeShop(nock, { shop: 'my-shop.myshopify.com', customers: [{ ...customerNode(), orders: { nodes: [orderNode()] } }] });
 * ```
 */
export function fakeShop(
  nock: NockLike,
  data: { shop: string; name?: string; customers?: ShopifyCustomerNode[]; orders?: ShopifyOrderNode[]; scopes?: string[] },
) {
  const orders = [...(data.orders ?? []), ...(data.customers ?? []).flatMap((c) => c.orders?.nodes ?? [])];
  const matchCustomer = (q: string) =>
    (data.customers ?? []).filter((c) => q === `email:"${c.email}"` || (c.phone != null && q === `phone:"${c.phone}"`));
  return nock(`https://${data.shop}`)
    .persist()
    .post(`/admin/api/${API_VERSION}/graphql.json`)
    .reply((_uri: string, raw: unknown) => {
      const body = (typeof raw === 'string' ? JSON.parse(raw) : raw) as GraphqlBody;
      const q = String(body.variables?.query ?? '');
      if (body.query.includes('ConnectionCheck'))
        return [
          200,
          graphqlData({
            shop: { name: data.name ?? 'Example Shop', myshopifyDomain: data.shop },
            currentAppInstallation: { accessScopes: (data.scopes ?? ['read_customers', 'read_orders']).map((handle) => ({ handle })) },
          }),
        ];
      if (body.query.includes('OrderByName'))
        return [200, graphqlData({ orders: { nodes: orders.filter((o) => q === `name:"${o.name}"`) } })];
      const found = matchCustomer(q);
      if (body.query.includes('CustomerWithOrders')) {
        const n = Number(body.variables?.orders ?? 5);
        return [
          200,
          graphqlData({
            customers: { nodes: found.slice(0, 1).map((c) => ({ ...c, orders: { nodes: (c.orders?.nodes ?? []).slice(0, n) } })) },
          }),
        ];
      }
      return [200, graphqlData({ customers: { nodes: found.map(({ orders: _o, ...c }) => c) } })];
    });
}
