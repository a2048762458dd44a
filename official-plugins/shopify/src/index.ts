import { definePlugin, isBaconError, type ActionContext, type HealthResult } from '@bacon/sdk';
import { ShopifyErrors } from './errors.js';
import { API_VERSION, SHOP_DOMAIN_PATTERN, connectionOf, shopifyGraphql } from './shopify-client.js';
import {
  CUSTOMER_WITH_ORDERS,
  FIND_CUSTOMERS,
  ORDER_BY_NAME,
  REQUIRED_SCOPES,
  SHOP_CHECK,
  contactQuery,
  customerOut,
  orderOut,
  term,
  type ShopifyCustomerNode,
  type ShopifyOrderNode,
} from './orders.js';
import { CHECKOUT_ABANDONED_PAYLOAD, ORDER_CREATED_PAYLOAD, checkoutAbandoned, orderCreated, verifiedWebhook } from './webhooks.js';

export { API_VERSION } from './shopify-client.js';
export { ShopifyErrors } from './errors.js';

const contactInput = {
  type: 'object',
  additionalProperties: false,
  anyOf: [{ required: ['email'] }, { required: ['phone'] }],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254, title: 'Email' },
    phone: { type: 'string', pattern: '^\\+?[0-9 ()-]{5,20}$', title: 'Phone' },
  },
};

const orderNumberInput = {
  type: 'object',
  additionalProperties: false,
  required: ['orderNumber'],
  properties: {
    orderNumber: { type: 'string', minLength: 1, maxLength: 40, title: 'Order number', description: 'As the customer sees it: #1001' },
  },
};

const money = { type: 'object', properties: { amount: { type: 'string' }, currency: { type: 'string' } } };
const order = {
  type: 'object',
  required: ['id', 'number', 'summary', 'adminUrl'],
  properties: {
    id: { type: 'string' },
    number: { type: 'string' },
    createdAt: { type: 'string' },
    cancelled: { type: 'boolean' },
    financialStatus: { type: ['string', 'null'] },
    fulfillmentStatus: { type: 'string' },
    total: money,
    fulfillments: { type: 'array' },
    refunds: { type: 'array' },
    statusUrl: { type: ['string', 'null'] },
    adminUrl: { type: 'string' },
    summary: { type: 'string' },
  },
};

type Contact = { email?: string; phone?: string };

async function customerWithOrders(ctx: ActionContext, contact: Contact, orders: number) {
  const query = contactQuery(contact);
  if (!query) return undefined;
  const { shop } = await connectionOf(ctx);
  const data = await shopifyGraphql<{ customers: { nodes: ShopifyCustomerNode[] } }>(ctx, CUSTOMER_WITH_ORDERS, { query, orders });
  const c = data.customers.nodes[0];
  return c ? { customer: customerOut(shop, c), orders: (c.orders?.nodes ?? []).map((o) => orderOut(shop, o)) } : undefined;
}

async function orderByNumber(ctx: ActionContext, orderNumber: string) {
  const { shop } = await connectionOf(ctx);
  const name = orderNumber.trim().startsWith('#') ? orderNumber.trim() : `#${orderNumber.trim()}`;
  const data = await shopifyGraphql<{ orders: { nodes: ShopifyOrderNode[] } }>(ctx, ORDER_BY_NAME, { query: term('name', name) });
  const o = data.orders.nodes[0];
  if (!o) throw ShopifyErrors.orderNotFound({ orderNumber: name }, `No order ${name} in ${shop}.`);
  return orderOut(shop, o);
}

/** testConnection's answer for a failure: why, in words an admin can act on. */
function failureOf(err: unknown): HealthResult {
  if (!isBaconError(err)) return { ok: false, detail: `Unexpected failure: ${(err as Error)?.message ?? String(err)}` };
  const why: Record<string, string> = {
    shopify_not_configured: 'Not configured: set the shop domain and the Admin API access token.',
    shopify_unauthorized: 'Bad token: Shopify refused the Admin API access token (revoked, mistyped, or for another shop).',
    shopify_access_denied: `Missing scope: ${err.message}`,
    shopify_shop_not_found: `Wrong shop: ${err.message}`,
    shopify_unavailable: `Unreachable: ${err.message}`,
    shopify_throttled: 'Throttled: Shopify is rate limiting this app; try again in a minute.',
  };
  return { ok: false, detail: why[err.code] ?? `${err.code}: ${err.message}` };
}

/**
 * Shopify for support agents, sandboxed: finds the customer behind a conversation, their recent
 * orders with fulfilment and tracking, one order or its refunds, through the Admin GraphQL API at
 * a pinned version; turns signed `orders/create` and `checkouts/create|update` webhooks into
 * triggers; and shows a contact's recent orders in the console's contact panel.
 */
export default definePlugin({
  id: 'shopify',
  version: '0.1.0',
  title: 'Shopify',
  description: `Customers, orders, fulfilment and refunds from a Shopify shop (Admin GraphQL API ${API_VERSION}).`,
  engines: { sdk: '^1' },
  egress: { regions: ['global'], note: 'Shopify hosts shops on its own infrastructure; merchants choose no region.' },
  capabilities: [
    { name: 'http', hosts: ['*.myshopify.com'], reason: "Calls the shop's Admin GraphQL API." },
    { name: 'secrets', reason: 'Reads the Admin API access token and the webhook secret.' },
  ],
  settings: {
    schema: {
      type: 'object',
      properties: {
        shopDomain: { type: 'string', pattern: SHOP_DOMAIN_PATTERN, title: 'Shop domain', description: 'your-shop.myshopify.com' },
        accessToken: { type: 'string', title: 'Admin API access token', writeOnly: true, 'x-secret': true, minLength: 1 },
        webhookSecret: {
          type: 'string',
          title: 'Webhook signing secret',
          description: "The app's client secret (API secret key), which signs its webhooks.",
          writeOnly: true,
          'x-secret': true,
        },
        recentOrders: { type: 'integer', minimum: 1, maximum: 10, default: 3, title: 'Orders shown in the contact panel' },
      },
    },
    uiSchema: {
      'ui:order': ['shopDomain', 'accessToken', 'webhookSecret', 'recentOrders'],
      shopDomain: { 'ui:placeholder': 'your-shop.myshopify.com' },
      accessToken: { 'ui:widget': 'password', 'ui:help': 'shpat_…, from the custom app’s API credentials.' },
      webhookSecret: { 'ui:widget': 'password' },
    },
  },
  actions: {
    find_customer: {
      title: 'Find customer',
      description: 'Customers of the shop with this email or phone number.',
      input: contactInput,
      output: { type: 'object', required: ['customers'], properties: { customers: { type: 'array' } } },
      idempotent: true,
      async run(input: Contact, ctx) {
        const { shop } = await connectionOf(ctx);
        const data = await shopifyGraphql<{ customers: { nodes: ShopifyCustomerNode[] } }>(ctx, FIND_CUSTOMERS, {
          query: contactQuery(input)!,
        });
        return { customers: data.customers.nodes.map((c) => customerOut(shop, c)) };
      },
    },
    recent_orders: {
      title: 'Recent orders',
      description: "The customer's latest orders, newest first, with fulfilment, tracking and refunds.",
      input: {
        ...contactInput,
        properties: { ...contactInput.properties, limit: { type: 'integer', minimum: 1, maximum: 10, default: 5, title: 'How many' } },
      },
      output: {
        type: 'object',
        required: ['orders'],
        properties: { customer: { type: ['object', 'null'] }, orders: { type: 'array', items: order } },
      },
      idempotent: true,
      conversation: {
        label: 'Recent orders',
        prefill: { email: 'contact.email', phone: 'contact.phone' },
        note: { summary: 'summary', url: 'adminUrl' },
      },
      async run(input: Contact & { limit?: number }, ctx) {
        const found = await customerWithOrders(ctx, input, input.limit ?? 5);
        const orders = found?.orders ?? [];
        return {
          customer: found?.customer ?? null,
          orders,
          summary: found
            ? `${found.customer.name}: ${orders.length ? orders.map((o) => o.summary).join(' | ') : 'no orders'}`
            : 'No Shopify customer with that email or phone.',
          adminUrl: found?.customer.adminUrl ?? null,
        };
      },
    },
    lookup_order: {
      title: 'Look up order',
      description: 'One order by its number, with its payment, fulfilment, tracking and refunds.',
      input: orderNumberInput,
      output: order,
      idempotent: true,
      conversation: { label: 'Look up order', note: { summary: 'summary', url: 'adminUrl' } },
      run: (input: { orderNumber: string }, ctx) => orderByNumber(ctx, input.orderNumber),
    },
    refund_status: {
      title: 'Refund status',
      description: "An order's refunds and where each stands (succeeded, pending, failed).",
      input: orderNumberInput,
      output: {
        type: 'object',
        required: ['orderNumber', 'refunds', 'summary'],
        properties: {
          orderNumber: { type: 'string' },
          refunds: { type: 'array' },
          summary: { type: 'string' },
          adminUrl: { type: 'string' },
        },
      },
      idempotent: true,
      conversation: { label: 'Refund status', note: { summary: 'summary', url: 'adminUrl' } },
      async run(input: { orderNumber: string }, ctx) {
        const o = await orderByNumber(ctx, input.orderNumber);
        const summary = o.refunds.length
          ? `Order ${o.number}: ` +
            o.refunds.map((r) => `${r.amount} ${r.currency} refunded ${r.createdAt.slice(0, 10)} (${r.status})`).join('; ')
          : `Order ${o.number}: no refund.`;
        return { orderNumber: o.number, refunds: o.refunds, summary, adminUrl: o.adminUrl };
      },
    },
  },
  triggers: {
    order_created: {
      title: 'Order created',
      description: 'A new order (webhook topic orders/create).',
      source: 'webhook',
      payload: ORDER_CREATED_PAYLOAD,
      async receive(request, ctx) {
        return orderCreated(await verifiedWebhook(request, ctx, ['orders/create']), request);
      },
    },
    checkout_abandoned: {
      title: 'Checkout abandoned',
      description:
        'A checkout with a reachable customer that is not completed (webhook topics checkouts/create and checkouts/update); ' +
        'feeds the abandoned-checkout automation preset. A completed checkout emits nothing.',
      source: 'webhook',
      payload: CHECKOUT_ABANDONED_PAYLOAD,
      async receive(request, ctx) {
        return checkoutAbandoned(await verifiedWebhook(request, ctx, ['checkouts/create', 'checkouts/update']), request);
      },
    },
  },
  enrichers: {
    recent_orders: {
      title: 'Shopify orders',
      async run(input, ctx) {
        const limit = typeof ctx.settings.recentOrders === 'number' ? ctx.settings.recentOrders : 3;
        const found = await customerWithOrders(ctx, input.contact as Contact, limit);
        if (!found) return { customer: null, orders: [] };
        return {
          customer: found.customer,
          orders: found.orders.map((o) => ({
            number: o.number,
            createdAt: o.createdAt,
            total: o.total,
            financialStatus: o.financialStatus,
            fulfillmentStatus: o.fulfillmentStatus,
            tracking: o.fulfillments.flatMap((f) => f.tracking),
            summary: o.summary,
            adminUrl: o.adminUrl,
          })),
        };
      },
    },
  },
  async testConnection(ctx) {
    try {
      const data = await shopifyGraphql<{
        shop: { name: string; myshopifyDomain: string };
        currentAppInstallation: { accessScopes: { handle: string }[] };
      }>(ctx, SHOP_CHECK);
      const granted = new Set(data.currentAppInstallation.accessScopes.map((s) => s.handle));
      // A write scope implies its read scope.
      const missing = REQUIRED_SCOPES.filter((s) => !granted.has(s) && !granted.has(s.replace(/^read_/, 'write_')));
      if (missing.length)
        return { ok: false, detail: `Missing scope: the app on ${data.shop.myshopifyDomain} needs ${missing.join(', ')}.` };
      return { ok: true, detail: `Connected to ${data.shop.name} (${data.shop.myshopifyDomain}), API ${API_VERSION}.` };
    } catch (err) {
      return failureOf(err);
    }
  },
});
