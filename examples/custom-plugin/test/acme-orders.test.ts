import { expect } from 'chai';
import nock from 'nock';
import { startPluginTestHost, type PluginTestHost } from '@bacon/testing';

const entry = new URL('../src/index.ts', import.meta.url);
const acme = () => nock('https://api.acme-shop.example');

describe('acme-orders plugin', function () {
  this.timeout(60000);
  let t: PluginTestHost;
  before(async () => {
    t = await startPluginTestHost({ entry, settings: { apiKey: 'k-123', webhookToken: 'w-456', currency: 'EUR' } });
  });
  after(async () => t?.close());

  describe('lookupOrder', () => {
    it('fetches the order with the API key and maps it', async () => {
      const api = acme()
        .get('/v2/orders/A-1')
        .matchHeader('authorization', 'Bearer k-123')
        .reply(200, { id: 'A-1', state: 'shipped', total_cents: 4250, items: [{ name: 'Mug' }] });
      expect(await t.run('lookupOrder', { orderId: 'A-1' })).to.deep.equal({
        id: 'A-1',
        status: 'shipped',
        total: '42.50 EUR',
        items: ['Mug'],
      });
      expect(api.isDone()).to.equal(true);
    });

    it('answers the second lookup from its kv cache', async () => {
      expect(await t.run('lookupOrder', { orderId: 'A-1' })).to.include({ status: 'shipped' });
    });

    it('turns a 404 into not_found', async () => {
      acme().get('/v2/orders/nope').reply(404);
      const err = await t.run('lookupOrder', { orderId: 'nope' }).catch((e) => e);
      expect(err).to.include({ code: 'not_found', status: 404 });
    });

    it('refuses bad input before the plugin runs', async () => {
      const err = await t.run('lookupOrder', { orderId: '../../admin' }).catch((e) => e);
      expect(err).to.include({ code: 'validation_failed', status: 400 });
    });
  });

  describe('orderPaid webhook', () => {
    it('publishes the payment for the tenant', async () => {
      const n = await t.trigger('orderPaid', {
        headers: { 'x-acme-token': 'w-456' },
        body: { type: 'order.paid', order: { id: 'A-1', total_cents: 4250 } },
      });
      expect(n).to.equal(1);
      const seen = t.events.find((e) => e.topic === 'trigger.acme-orders.orderPaid');
      expect(seen).to.deep.include({ tenantId: t.tenantId, payload: { orderId: 'A-1', amountCents: 4250 } });
    });

    it('refuses a webhook with the wrong token', async () => {
      const err = await t
        .trigger('orderPaid', { headers: { 'x-acme-token': 'guess' }, body: { type: 'order.paid', order: { id: 'A-2', total_cents: 1 } } })
        .catch((e) => e);
      expect(err).to.include({ code: 'forbidden', status: 403 });
    });
  });

  describe('testConnection', () => {
    it('pings the API', async () => {
      acme().get('/v2/ping').reply(200, 'pong');
      expect(await t.testConnection()).to.deep.equal({ ok: true });
    });
  });

  describe('settings', () => {
    it('never returns the API key', async () => {
      const r = await t.request('GET', '/api/v1/plugins/acme-orders/settings');
      expect(r.body.settings).to.deep.equal({ apiKey: '********', webhookToken: '********', currency: 'EUR' });
    });
  });
});
