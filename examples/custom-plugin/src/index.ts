import { definePlugin, Forbidden, NotFound, Unavailable } from '@bacon/sdk';
import { orderSchema, type Order } from './order.js';

const API = 'api.acme-shop.example';

/**
 * Acme Shop orders for agents: an action that looks an order up (cached in kv for a minute) and a
 * webhook trigger that publishes `trigger.acme-orders.orderPaid` when Acme says an order was paid.
 */
export default definePlugin({
  id: 'acme-orders',
  version: '0.1.0',
  title: 'Acme Shop orders',
  description: 'Look up Acme Shop orders from a conversation; get told when one is paid.',
  engines: { host: '>=0.1.0', sdk: '^1' },
  settings: {
    schema: {
      type: 'object',
      required: ['apiKey'],
      properties: {
        apiKey: { type: 'string', title: 'API key', writeOnly: true, 'x-secret': true },
        webhookToken: { type: 'string', title: 'Webhook token', writeOnly: true, 'x-secret': true },
        currency: { type: 'string', title: 'Display currency', default: 'EUR', enum: ['EUR', 'USD', 'GBP'] },
      },
    },
    uiSchema: { apiKey: { 'ui:widget': 'password' } },
  },
  capabilities: [
    { name: 'http', hosts: [API], reason: 'Reads orders from the Acme Shop API' },
    { name: 'secrets', reason: 'Uses your API key' },
    { name: 'kv', quotaBytes: 65536, reason: 'Caches orders for a minute' },
  ],
  limits: { memoryMb: 32, cpuTimeoutMs: 500 },
  actions: {
    lookupOrder: {
      title: 'Look up an order',
      input: {
        type: 'object',
        required: ['orderId'],
        additionalProperties: false,
        properties: { orderId: { type: 'string', pattern: '^[A-Za-z0-9-]{1,32}$' } },
      },
      output: orderSchema,
      idempotent: true,
      timeoutMs: 5000,
      async run(input: { orderId: string }, ctx): Promise<Order> {
        const cached = await ctx.kv.get<{ at: number; order: Order }>(`order:${input.orderId}`);
        if (cached && Date.now() - cached.at < 60_000) return cached.order;
        const key = await ctx.secrets.get('apiKey');
        const res = await ctx.http.fetch(`https://${API}/v2/orders/${encodeURIComponent(input.orderId)}`, {
          headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
        });
        if (res.status === 404) throw NotFound(`Order ${input.orderId} does not exist.`);
        if (res.status >= 400) throw Unavailable(`Acme Shop answered ${res.status}.`);
        const raw = res.json<{ id: string; state: string; total_cents: number; items: { name: string }[] }>();
        const order: Order = {
          id: raw.id,
          status: raw.state,
          total: `${(raw.total_cents / 100).toFixed(2)} ${ctx.settings.currency}`,
          items: raw.items.map((i) => i.name),
        };
        await ctx.kv.set(`order:${input.orderId}`, { at: Date.now(), order });
        return order;
      },
    },
  },
  triggers: {
    orderPaid: {
      title: 'Order paid',
      source: 'webhook',
      payload: {
        type: 'object',
        required: ['orderId', 'amountCents'],
        properties: { orderId: { type: 'string' }, amountCents: { type: 'integer' } },
      },
      async receive(req, ctx) {
        const token = await ctx.secrets.get('webhookToken');
        if (!token || req.headers['x-acme-token'] !== token) throw Forbidden('Bad webhook token.');
        const event = JSON.parse(req.body) as { type: string; order: { id: string; total_cents: number } };
        if (event.type !== 'order.paid') return [];
        return { orderId: event.order.id, amountCents: event.order.total_cents };
      },
    },
  },
  async testConnection(ctx) {
    const key = await ctx.secrets.get('apiKey');
    if (!key) return { ok: false, detail: 'Set the API key first.' };
    const res = await ctx.http.fetch(`https://${API}/v2/ping`, { headers: { authorization: `Bearer ${key}` } });
    return res.status === 200 ? { ok: true } : { ok: false, detail: `Acme Shop answered ${res.status}` };
  },
});
