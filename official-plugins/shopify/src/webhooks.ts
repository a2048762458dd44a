import type { ActionContext, WebhookRequest } from '@bacon/sdk';
import { ShopifyErrors } from './errors.js';

/**
 * Checks `X-Shopify-Hmac-Sha256`: the base64 HMAC-SHA256 of the raw body, keyed by the app's
 * webhook secret (its client secret), compared in constant time. Refuses a missing header or
 * secret as a bad signature; then checks `X-Shopify-Topic` is one this trigger takes.
 */
export async function verifiedWebhook(request: WebhookRequest, ctx: ActionContext, topics: string[]): Promise<Record<string, unknown>> {
  const secret = await ctx.secrets.get('webhookSecret');
  const header = request.headers['x-shopify-hmac-sha256'];
  if (!secret || !header) throw ShopifyErrors.badSignature();
  const expected = await ctx.crypto.hmac('sha256', secret, request.body, 'base64');
  if (!(await ctx.crypto.timingSafeEqual(expected, header))) throw ShopifyErrors.badSignature();
  const topic = request.headers['x-shopify-topic'] ?? '';
  if (!topics.includes(topic))
    throw ShopifyErrors.unexpectedTopic({ topic, expected: topics }, `This trigger takes ${topics.join(', ')}, not "${topic}".`);
  return JSON.parse(request.body) as Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

interface WebhookCustomer {
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
}

const nameOf = (c: WebhookCustomer | null | undefined) => {
  const n = [c?.first_name, c?.last_name].filter(Boolean).join(' ');
  return n || null;
};

const meta = (request: WebhookRequest) => ({
  shopDomain: request.headers['x-shopify-shop-domain'] ?? null,
  webhookId: request.headers['x-shopify-webhook-id'] ?? null,
  topic: request.headers['x-shopify-topic']!,
});

/** The `order_created` payload from an `orders/create` webhook body. */
export function orderCreated(body: Record<string, unknown>, request: WebhookRequest) {
  const customer = body.customer as WebhookCustomer | null | undefined;
  return {
    orderId: String(body.admin_graphql_api_id ?? `gid://shopify/Order/${String(body.id)}`),
    orderNumber: String(body.name ?? ''),
    email: str(body.email) ?? str(customer?.email),
    phone: str(body.phone) ?? str(customer?.phone),
    customerName: nameOf(customer),
    totalPrice: String(body.total_price ?? '0'),
    currency: String(body.currency ?? ''),
    financialStatus: str(body.financial_status),
    createdAt: String(body.created_at ?? ''),
    ...meta(request),
  };
}

/**
 * The `checkout_abandoned` payload from a `checkouts/create` or `checkouts/update` body, or none: a
 * completed checkout is no longer abandoned, and one with neither email nor phone reaches nobody.
 */
export function checkoutAbandoned(body: Record<string, unknown>, request: WebhookRequest) {
  if (body.completed_at) return [];
  const customer = body.customer as WebhookCustomer | null | undefined;
  const email = str(body.email) ?? str(customer?.email);
  const phone = str(body.phone) ?? str(customer?.phone);
  if (!email && !phone) return [];
  const items = Array.isArray(body.line_items) ? (body.line_items as Record<string, unknown>[]) : [];
  return [
    {
      checkoutId: String(body.id),
      token: String(body.token ?? ''),
      email,
      phone,
      customerName: nameOf(customer),
      totalPrice: String(body.total_price ?? '0'),
      currency: String(body.currency ?? body.presentment_currency ?? ''),
      recoveryUrl: str(body.abandoned_checkout_url),
      lineItems: items.slice(0, 50).map((i) => ({
        title: String(i.title ?? ''),
        quantity: Number(i.quantity ?? 0),
        price: String(i.price ?? '0'),
        sku: str(i.sku),
      })),
      createdAt: String(body.created_at ?? ''),
      updatedAt: String(body.updated_at ?? body.created_at ?? ''),
      ...meta(request),
    },
  ];
}

const nullable = (type: string) => ({ type: [type, 'null'] });
const META = { shopDomain: nullable('string'), webhookId: nullable('string'), topic: { type: 'string' } };

export const ORDER_CREATED_PAYLOAD = {
  type: 'object',
  required: ['orderId', 'orderNumber', 'totalPrice', 'currency', 'createdAt', 'topic'],
  properties: {
    orderId: { type: 'string' },
    orderNumber: { type: 'string' },
    email: nullable('string'),
    phone: nullable('string'),
    customerName: nullable('string'),
    totalPrice: { type: 'string' },
    currency: { type: 'string' },
    financialStatus: nullable('string'),
    createdAt: { type: 'string' },
    ...META,
  },
};

export const CHECKOUT_ABANDONED_PAYLOAD = {
  type: 'object',
  required: ['checkoutId', 'token', 'totalPrice', 'currency', 'lineItems', 'createdAt', 'updatedAt', 'topic'],
  properties: {
    checkoutId: { type: 'string' },
    token: { type: 'string' },
    email: nullable('string'),
    phone: nullable('string'),
    customerName: nullable('string'),
    totalPrice: { type: 'string' },
    currency: { type: 'string' },
    recoveryUrl: nullable('string'),
    lineItems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['title', 'quantity', 'price'],
        properties: { title: { type: 'string' }, quantity: { type: 'number' }, price: { type: 'string' }, sku: nullable('string') },
      },
    },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    ...META,
  },
};
