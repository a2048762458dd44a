import { expect } from 'chai';
import nock from 'nock';
import { definePlugin, type PluginEnricherCalls } from '@bacon/sdk';
import { createTestTenant, createTestUser, startTestHost, waitFor, type TestHost, type TestUser, requestJson } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import {
  API_VERSION,
  accessDeniedAnswer,
  customerNode,
  fakeShop,
  graphqlData,
  orderNode,
  shopifyWebhookHeaders,
  throttledAnswer,
} from '../src/testing.js';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const SHOP = 'example-shop.myshopify.com';
const GRAPHQL = `/admin/api/${API_VERSION}/graphql.json`;
const SECRET = 'shopify-app-client-secret';
const dnsLookup = async () => [{ address: '23.227.38.65', family: 4 }];

/** An `orders/create` body as Shopify posts it (REST resource shape, trimmed to what matters). */
const orderCreateBody = {
  id: 820982911946154500,
  admin_graphql_api_id: 'gid://shopify/Order/820982911946154508',
  name: '#9999',
  email: 'jon@example.com',
  phone: null,
  created_at: '2026-11-30T10:00:00-05:00',
  currency: 'USD',
  total_price: '403.00',
  financial_status: 'paid',
  customer: { id: 115310627314723950, email: 'john@example.com', first_name: 'John', last_name: 'Smith', phone: null },
  line_items: [{ id: 866550311766439000, title: 'IPod Nano - 8GB', quantity: 1, price: '199.00', sku: 'IPOD2008PINK' }],
};

/** A `checkouts/update` body as Shopify posts it. */
const checkoutBody = (over: Record<string, unknown> = {}) => ({
  id: 981820079255243500,
  token: '123123123',
  cart_token: 'eeafa272cebfd4b22385bc4b645e762c',
  email: 'example@email.com',
  phone: null,
  created_at: '2026-11-30T09:00:00-05:00',
  updated_at: '2026-11-30T09:30:00-05:00',
  completed_at: null,
  currency: 'USD',
  presentment_currency: 'USD',
  total_price: '398.00',
  abandoned_checkout_url: 'https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token',
  line_items: [{ title: 'IPod Nano - 8GB', quantity: 1, price: '199.00', sku: 'IPOD2008PINK', variant_id: 7 }],
  customer: { id: 603851970716743400, email: 'john@example.com', first_name: 'John', last_name: 'Smith', phone: '555-625-1199' },
  ...over,
});

describe('shopify (sandboxed plugin)', function () {
  this.timeout(300000);
  let host: TestHost;
  let admin: TestUser;
  let api!: InboxApi;
  let enrichers!: PluginEnricherCalls;
  const call = (method: string, path: string, body?: unknown, user: TestUser = admin) =>
    requestJson(host.url, user.headers, method, path, body);
  const run = (action: string, input: unknown) => call('POST', `/api/v1/plugins/shopify/actions/${action}`, { input });
  const webhook = (trigger: string, topic: string, body: object, secret = SECRET) => {
    const raw = JSON.stringify(body);
    return fetch(`${host.url}/api/v1/plugins/shopify/triggers/${trigger}/${admin.user.tenantId}`, {
      method: 'POST',
      headers: shopifyWebhookHeaders(secret, raw, topic, SHOP),
      body: raw,
    });
  };
  const settings = { shopDomain: SHOP, accessToken: 'shpat_0123456789abcdef', webhookSecret: SECRET, recentOrders: 2 };

  before(async () => {
    const probe = definePlugin({
      id: 'probe',
      version: '0.0.0',
      dependencies: { inbox: '*' },
      services: ['pluginEnrichers'],
      init: (ctx) => {
        api = ctx.use<InboxApi>('inbox');
        enrichers = ctx.services.pluginEnrichers;
      },
    });
    host = await startTestHost({
      plugins: [inbox, probe, ENTRY],
      pluginOptions: { dnsLookup },
      config: { pluginBreakerVolume: 3, pluginBreakerResetMs: 600000 },
    });
    admin = await createTestUser(host, { role: 'admin' });
  });
  afterEach(() => nock.cleanAll());
  after(async () => host?.close());

  describe('lifecycle', () => {
    it('loads sandboxed with the capabilities it asks for, and refuses settings that do not match its schema', async () => {
      const view = await call('GET', '/api/v1/plugins/shopify');
      expect(view.status).to.equal(200);
      expect(view.body.tier).to.equal('sandboxed');
      const bad = await call('PUT', '/api/v1/plugins/shopify/settings', { ...settings, shopDomain: 'evil.example.com' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('settings_invalid');
    });

    it('keeps the secrets write-only: the settings read back a sentinel', async () => {
      expect((await call('PUT', '/api/v1/plugins/shopify/settings', settings)).status).to.equal(200);
      const read = await call('GET', '/api/v1/plugins/shopify/settings');
      expect(read.body.settings.accessToken).to.equal('********');
      expect(read.body.settings.webhookSecret).to.equal('********');
      expect(read.body.settings.shopDomain).to.equal(SHOP);
    });

    it('enables with its grants after a connection test that names the shop', async () => {
      fakeShop(nock, { shop: SHOP, name: 'Example Shop' });
      const test = await call('POST', '/api/v1/plugins/shopify/test-connection', { grants: ['http', 'secrets'] });
      expect(test.body).to.deep.equal({ ok: true, detail: `Connected to Example Shop (${SHOP}), API ${API_VERSION}.` });
      const on = await call('POST', '/api/v1/plugins/shopify/enable', { grants: ['http', 'secrets'] });
      expect(on.status).to.equal(200);
    });

    it('says why the connection fails: bad token, missing scope, wrong shop, unreachable', async () => {
      const scope = nock(`https://${SHOP}`);
      scope.post(GRAPHQL).reply(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      expect((await call('POST', '/api/v1/plugins/shopify/test-connection', {})).body.detail).to.match(/^Bad token/);
      scope.post(GRAPHQL).reply(
        200,
        graphqlData({
          shop: { name: 'Example Shop', myshopifyDomain: SHOP },
          currentAppInstallation: { accessScopes: [{ handle: 'read_customers' }] },
        }),
      );
      expect((await call('POST', '/api/v1/plugins/shopify/test-connection', {})).body.detail).to.equal(
        `Missing scope: the app on ${SHOP} needs read_orders.`,
      );
      scope.post(GRAPHQL).reply(200, accessDeniedAnswer('read_customers', 'currentAppInstallation'));
      expect((await call('POST', '/api/v1/plugins/shopify/test-connection', {})).body.detail).to.match(/^Missing scope: .*read_customers/);
      scope.post(GRAPHQL).reply(404, { errors: 'Not Found' });
      expect((await call('POST', '/api/v1/plugins/shopify/test-connection', {})).body.detail).to.match(/^Wrong shop: .*example-shop/);
      // No interceptor left: nock refuses the connection, as a shop that cannot be reached.
      const down = (await call('POST', '/api/v1/plugins/shopify/test-connection', {})).body.detail;
      expect(down).to.match(/^Unreachable: /);
    });

    it("uses each tenant's own settings (a per-tenant override of the shop)", async () => {
      const other = await createTestTenant(host);
      const otherAdmin = await createTestUser(host, { role: 'admin', tenantId: other.id });
      const put = await call(
        'PUT',
        '/api/v1/plugins/shopify/settings',
        { ...settings, shopDomain: 'other-shop.myshopify.com' },
        otherAdmin,
      );
      expect(put.status).to.equal(200);
      expect((await call('POST', '/api/v1/plugins/shopify/enable', { grants: ['http', 'secrets'] }, otherAdmin)).status).to.equal(200);
      fakeShop(nock, { shop: 'other-shop.myshopify.com', name: 'Other Shop' });
      const test = await call('POST', '/api/v1/plugins/shopify/test-connection', {}, otherAdmin);
      expect(test.body.detail).to.equal(`Connected to Other Shop (other-shop.myshopify.com), API ${API_VERSION}.`);
    });
  });

  describe('actions', () => {
    const ada = () => {
      const shipped = orderNode({ name: '#1001' });
      const refunded = orderNode({
        name: '#1002',
        displayFinancialStatus: 'PARTIALLY_REFUNDED',
        displayFulfillmentStatus: 'UNFULFILLED',
        fulfillments: [],
        refunds: [
          {
            id: 'gid://shopify/Refund/929361462',
            createdAt: '2026-11-25T12:00:00Z',
            note: 'Damaged',
            totalRefundedSet: { shopMoney: { amount: '10.00', currencyCode: 'EUR' } },
            transactions: { nodes: [{ kind: 'REFUND', status: 'PENDING', processedAt: null, gateway: 'shopify_payments' }] },
          },
        ],
      });
      return { shipped, refunded, customer: { ...customerNode(), orders: { nodes: [refunded, shipped] } } };
    };

    it('finds a customer by email, and by phone', async () => {
      fakeShop(nock, { shop: SHOP, customers: [ada().customer] });
      const byEmail = await run('find_customer', { email: 'ada@example.com' });
      expect(byEmail.status).to.equal(200);
      expect(byEmail.body.output.customers[0]).to.include({ name: 'Ada Lovelace', email: 'ada@example.com', numberOfOrders: 2 });
      expect(byEmail.body.output.customers[0].adminUrl).to.equal(`https://${SHOP}/admin/customers/7000000001`);
      const byPhone = await run('find_customer', { phone: '+14155550123' });
      expect(byPhone.body.output.customers).to.have.length(1);
      const none = await run('find_customer', {});
      expect(none.status).to.equal(400);
    });

    it("lists a customer's recent orders with fulfilment and tracking", async () => {
      fakeShop(nock, { shop: SHOP, customers: [ada().customer] });
      const r = await run('recent_orders', { email: 'ada@example.com', limit: 5 });
      expect(r.status).to.equal(200);
      const [newest, older] = r.body.output.orders;
      expect(newest.number).to.equal('#1002');
      expect(older.fulfillments[0].tracking[0]).to.deep.equal({
        company: 'UPS',
        number: '1Z999AA10123456784',
        url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      });
      expect(older.summary).to.match(/^Order #1001 .*paid; fulfilled; UPS 1Z999AA10123456784/);
    });

    it('looks up one order by number, and says when there is none', async () => {
      fakeShop(nock, { shop: SHOP, customers: [ada().customer] });
      const r = await run('lookup_order', { orderNumber: '1001' });
      expect(r.body.output).to.include({ number: '#1001', fulfillmentStatus: 'FULFILLED' });
      const missing = await run('lookup_order', { orderNumber: '#4242' });
      expect(missing.status).to.equal(404);
      expect(missing.body.error.code).to.equal('shopify_order_not_found');
    });

    it("tells a refund's status from its transactions", async () => {
      fakeShop(nock, { shop: SHOP, customers: [ada().customer] });
      const r = await run('refund_status', { orderNumber: '#1002' });
      expect(r.body.output.refunds[0]).to.include({ amount: '10.00', currency: 'EUR', status: 'pending' });
      expect(r.body.output.summary).to.equal('Order #1002: 10.00 EUR refunded 2026-11-25 (pending)');
    });

    it('waits out a 429 (Retry-After) and a THROTTLED answer (restore rate), then succeeds', async () => {
      const order = orderNode({ name: '#1003' });
      nock(`https://${SHOP}`)
        .post(GRAPHQL)
        .reply(
          429,
          { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
          { 'Retry-After': '0.05' },
        )
        .post(GRAPHQL)
        .reply(200, throttledAnswer(100, 95, 1000))
        .post(GRAPHQL)
        .reply(200, graphqlData({ orders: { nodes: [order] } }));
      const r = await run('lookup_order', { orderNumber: '#1003' });
      expect(r.status).to.equal(200);
      expect(r.body.output.number).to.equal('#1003');
      expect(nock.isDone()).to.equal(true);
    });

    it('gives up on a throttle it cannot wait out in one call, as retryable', async () => {
      nock(`https://${SHOP}`)
        .post(GRAPHQL)
        .reply(200, throttledAnswer(2000, 0, 50));
      const r = await run('lookup_order', { orderNumber: '#1003' });
      expect(r.status).to.equal(429);
      expect(r.body.error.code).to.equal('shopify_throttled');
      expect(r.body.error.details.retryAfterSeconds).to.equal(40);
    });
  });

  describe('webhook triggers', () => {
    it('publishes order_created for a signed orders/create', async () => {
      const seen: unknown[] = [];
      const off = host.services.bus.subscribe('trigger.shopify.order_created', (e) => void seen.push(e.payload));
      const r = await webhook('order_created', 'orders/create', orderCreateBody);
      expect(r.status).to.equal(202);
      await waitFor(() => seen.length > 0 || undefined, { what: 'the order_created payload' });
      off();
      expect(seen[0]).to.include({ orderId: 'gid://shopify/Order/820982911946154508', orderNumber: '#9999', email: 'jon@example.com' });
      expect(seen[0]).to.include({ customerName: 'John Smith', totalPrice: '403.00', currency: 'USD', shopDomain: SHOP });
    });

    it('publishes checkout_abandoned for an open checkout, and nothing once it is completed', async () => {
      const seen: any[] = [];
      const off = host.services.bus.subscribe('trigger.shopify.checkout_abandoned', (e) => void seen.push(e.payload));
      const open = await webhook('checkout_abandoned', 'checkouts/update', checkoutBody());
      expect(((await open.json()) as { accepted: number }).accepted).to.equal(1);
      const done = await webhook('checkout_abandoned', 'checkouts/update', checkoutBody({ completed_at: '2026-11-30T10:00:00-05:00' }));
      expect(((await done.json()) as { accepted: number }).accepted).to.equal(0);
      await waitFor(() => seen.length > 0 || undefined, { what: 'the checkout_abandoned payload' });
      off();
      expect(seen[0]).to.include({ checkoutId: '981820079255243500', email: 'example@email.com', topic: 'checkouts/update' });
      expect(seen[0].recoveryUrl).to.match(/recover\?key=/);
      expect(seen[0].lineItems).to.deep.equal([{ title: 'IPod Nano - 8GB', quantity: 1, price: '199.00', sku: 'IPOD2008PINK' }]);
    });

    it('refuses a webhook signed with another secret, and a topic the trigger does not take', async () => {
      const forged = await webhook('order_created', 'orders/create', orderCreateBody, 'not-the-secret');
      expect(forged.status).to.equal(403);
      expect(((await forged.json()) as any).error.code).to.equal('shopify_bad_signature');
      const wrong = await webhook('order_created', 'checkouts/create', checkoutBody());
      expect(wrong.status).to.equal(400);
    });
  });

  describe('enricher and failures', () => {
    it("gives the contact's recent orders as context, within the tenant's setting", async () => {
      const orders = [orderNode({ name: '#2001' }), orderNode({ name: '#2002' }), orderNode({ name: '#2003' })];
      fakeShop(nock, { shop: SHOP, customers: [{ ...customerNode(), orders: { nodes: orders } }] });
      const [result] = await enrichers.collect(admin.user.tenantId, { contact: { email: 'ada@example.com' } }, { budgetMs: 10000 });
      expect(result).to.include({ pluginId: 'shopify', enricher: 'recent_orders', status: 'ok' });
      expect((result!.data as any).orders.map((o: any) => o.number)).to.deep.equal(['#2001', '#2002']);
    });

    it('opens the breaker when Shopify is down, and the inbox keeps working', async () => {
      nock(`https://${SHOP}`).persist().post(GRAPHQL).reply(503, 'Service Unavailable');
      const codes: string[] = [];
      await waitFor(
        async () => {
          const r = await run('lookup_order', { orderNumber: '#1' });
          codes.push(r.body.error.code);
          return r.body.error.code === 'plugin_unavailable' || undefined;
        },
        { what: 'the open breaker', timeoutMs: 60000 },
      );
      expect(codes[0]).to.equal('shopify_unavailable');
      const { conversation } = await api.ingestInbound(admin.user.tenantId, {
        channel: 'web',
        externalConversationId: 'v-breaker',
        externalMessageId: 'm-breaker',
        contact: { externalId: 'v-breaker', email: 'ada@example.com' },
        text: 'Where is my order?',
      });
      const list = await call('GET', `/api/v1/conversations/${conversation.id}`);
      expect(list.status).to.equal(200);
    });

    it('disables, after which its actions are refused', async () => {
      expect((await call('POST', '/api/v1/plugins/shopify/disable', {})).status).to.equal(200);
      const r = await run('lookup_order', { orderNumber: '#1' });
      expect(r.status).to.be.within(400, 499);
    });
  });
});
