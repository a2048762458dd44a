import { expect } from 'chai';
import nock from 'nock';
import { definePlugin, type PluginEventLog } from '@bacon/sdk';
import { createTestTenant, createTestUser, startTestHost, waitFor, type TestHost, type TestUser, requestJson } from '@bacon/host/testing';
import { fakeZapier, verifyBaconSignature, type FakeZapier } from '../src/testing.js';
import { zapierOpenApi } from '../src/openapi.js';
import { PAYLOAD_SCHEMAS } from '../src/events.js';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const API_KEY = 'zk_test_0123456789abcdef0123456789';
const SECRET = 'whsec_0123456789abcdef';
const GRANTS = ['http', 'kv', 'secrets', 'events', 'pii'];
const dnsLookup = async () => [{ address: '54.86.0.10', family: 4 }];
const CONSUMER = (trigger: string) => `plugin:zapier:trigger:${trigger}`;

describe('zapier (sandboxed plugin, REST hooks)', function () {
  this.timeout(120000);
  let host: TestHost;
  let admin: TestUser;
  let zapier: FakeZapier;
  let log!: PluginEventLog;
  let knex!: import('knex').Knex;
  let seq = 0;
  const tenant = () => admin.user.tenantId;
  const call = (method: string, path: string, body?: unknown) => requestJson(host.url, admin.headers, method, path, body);
  const hookCall = async (trigger: 'subscribe' | 'unsubscribe', body: unknown, apiKey = API_KEY) => {
    const r = await fetch(`${host.url}/api/v1/plugins/zapier/triggers/${trigger}/${tenant()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const append = (topic: string, key: string, payload: Record<string, unknown>) =>
    log.append(knex, [{ topic, tenantId: tenant(), key, seq: ++seq, payload }]);
  const conversation = (id: string, state = 'new') => ({ id, state, channel: 'web', contact: { email: 'ada@example.com' } });
  const deliveriesTo = (url: string) => zapier.received.filter((r) => url.endsWith(r.path));

  before(async () => {
    const probe = definePlugin({
      id: 'probe',
      version: '0.0.0',
      init: (ctx) => {
        log = ctx.events;
        knex = ctx.db;
      },
    });
    // Breakers stay out of the way here: this suite is about retries and parking (the Salesforce suite opens them).
    host = await startTestHost({ plugins: [probe, ENTRY], pluginOptions: { dnsLookup }, config: { pluginBreakerVolume: 1000 } });
    admin = await createTestUser(host, { role: 'admin' });
    zapier = fakeZapier();
  });
  beforeEach(() => zapier.start());
  after(async () => {
    zapier?.stop();
    nock.cleanAll();
    await host?.close();
  });

  describe('lifecycle', () => {
    it('loads sandboxed and refuses a short API key (settings validated against the schema)', async () => {
      const v = (await call('GET', '/api/v1/plugins/zapier')).body;
      expect(v).to.include({ tier: 'sandboxed', state: 'running', enabled: false });
      expect(v.triggers).to.include.members([
        'subscribe',
        'unsubscribe',
        'conversation_created',
        'conversation_closed',
        'message_created',
        'csat_received',
      ]);
      const r = await call('PUT', '/api/v1/plugins/zapier/settings', { apiKey: 'short' });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('settings_invalid');
    });

    it('fails its connection test without an API key, passes with one, and enables', async () => {
      expect((await call('POST', '/api/v1/plugins/zapier/test-connection', { grants: GRANTS })).body).to.deep.equal({
        ok: false,
        detail: 'Set the API key Zapier will send as X-API-Key.',
      });
      expect((await call('PUT', '/api/v1/plugins/zapier/settings', { apiKey: API_KEY, webhookSecret: SECRET })).status).to.equal(200);
      const ok = (await call('POST', '/api/v1/plugins/zapier/test-connection', { grants: GRANTS })).body;
      expect(ok).to.deep.equal({ ok: true, detail: 'API key set; 0 Zap subscriptions; signed webhooks ready.' });
      expect((await call('POST', '/api/v1/plugins/zapier/enable', { grants: GRANTS })).status).to.equal(200);
    });
  });

  describe('subscribe and unsubscribe', () => {
    it('refuses a wrong or missing API key, a URL off hooks.zapier.com and an unknown event', async () => {
      const hookUrl = zapier.hookUrl();
      expect((await hookCall('subscribe', { hookUrl, event: 'conversation.created' }, 'zk_wrong')).status).to.equal(403);
      expect((await hookCall('subscribe', { hookUrl, event: 'conversation.created' }, '')).status).to.equal(403);
      const evil = await hookCall('subscribe', { hookUrl: 'https://evil.example.com/steal', event: 'conversation.created' });
      expect(evil.status).to.equal(400);
      expect(evil.body.error.code).to.equal('zapier_bad_subscription');
      expect((await hookCall('subscribe', { hookUrl, event: 'ticket.exploded' })).status).to.equal(400);
      expect(
        (await call('POST', '/api/v1/plugins/zapier/actions/listSubscriptions', { input: {} })).body.output.subscriptions,
      ).to.deep.equal([]);
    });

    it('delivers conversation.created to a subscribed Zap, from the durable stream, with the event id', async () => {
      const hookUrl = zapier.hookUrl('created');
      const r = await hookCall('subscribe', { hookUrl, event: 'conversation.created' });
      expect(r).to.deep.equal({ status: 202, body: { accepted: 1 } });
      await append('conversation.created', 'c-1', { conversationId: 'c-1', conversation: conversation('c-1') });
      const [d] = await waitFor(() => (deliveriesTo(hookUrl).length ? deliveriesTo(hookUrl) : undefined), { what: 'the delivery' });
      expect(d!.headers['x-bacon-event']).to.equal('conversation.created');
      expect(d!.body).to.include({
        event: 'conversation.created',
        tenantId: tenant(),
        conversationId: 'c-1',
        id: d!.headers['x-bacon-delivery'],
      });
      expect((d!.body.conversation as { contact: { email: string } }).contact.email, 'the pii grant keeps emails').to.equal(
        'ada@example.com',
      );
    });

    it('delivers conversation.closed only for a transition to closed, message.created and csat.answered', async () => {
      const closed = zapier.hookUrl('closed');
      const messages = zapier.hookUrl('messages');
      const csat = zapier.hookUrl('csat');
      for (const [hookUrl, event] of [
        [closed, 'conversation.closed'],
        [messages, 'message.created'],
        [csat, 'csat.answered'],
      ])
        expect((await hookCall('subscribe', { hookUrl, event })).status).to.equal(202);
      // Same key, in order: the assignment (not news) goes first, so once "closed" arrived it was passed over.
      await append('conversation.transitioned', 'c-2', {
        conversationId: 'c-2',
        from: 'new',
        to: 'assigned',
        conversation: conversation('c-2', 'assigned'),
      });
      await append('conversation.transitioned', 'c-2', {
        conversationId: 'c-2',
        from: 'assigned',
        to: 'closed',
        conversation: conversation('c-2', 'closed'),
      });
      await append('message.created', 'c-2', { conversationId: 'c-2', visibility: 'public', message: { id: 'm-1', body: 'Thanks!' } });
      const answeredAt = '2026-12-01T10:00:00.000Z';
      await append('csat.answered', 'c-2', {
        tenantId: tenant(),
        conversationId: 'c-2',
        contactId: 'k-1',
        rating: 5,
        comment: 'Great',
        answeredAt,
      });
      await waitFor(() => deliveriesTo(csat).length && deliveriesTo(messages).length && deliveriesTo(closed).length, {
        what: 'three deliveries',
      });
      expect(deliveriesTo(closed).map((d) => d.body.from)).to.deep.equal(['assigned']);
      expect(deliveriesTo(messages)[0]!.body.message).to.deep.equal({ id: 'm-1', body: 'Thanks!' });
      expect(deliveriesTo(csat)[0]!.body).to.include({
        event: 'csat.answered',
        conversationId: 'c-2',
        contactId: 'k-1',
        rating: 5,
        comment: 'Great',
        answeredAt,
      });
    });

    it('removes a subscription whose Zap answers 410 Gone, and one Zapier unsubscribes', async () => {
      const gone = zapier.hookUrl('gone');
      const kept = zapier.hookUrl('kept');
      await hookCall('subscribe', { hookUrl: gone, event: 'message.created' });
      await hookCall('subscribe', { hookUrl: kept, event: 'message.created' });
      zapier.answerNext(gone, 410);
      await append('message.created', 'c-3', { conversationId: 'c-3', visibility: 'public', message: { id: 'm-2' } });
      await waitFor(() => deliveriesTo(kept).length, { what: 'the kept delivery' });
      const subs = async () =>
        (
          (await call('POST', '/api/v1/plugins/zapier/actions/listSubscriptions', { input: {} })).body.output.subscriptions as {
            hookUrl: string;
          }[]
        ).map((s) => s.hookUrl);
      await waitFor(async () => !(await subs()).includes(gone), { what: 'the gone subscription removed' });
      expect(await hookCall('unsubscribe', { hookUrl: kept })).to.deep.equal({ status: 202, body: { accepted: 1 } });
      expect(await subs()).not.to.include(kept);
      // The path still delivers (another Zap gets the next message), but not to the two removed.
      const witness = zapier.hookUrl('witness');
      await hookCall('subscribe', { hookUrl: witness, event: 'message.created' });
      await append('message.created', 'c-3', { conversationId: 'c-3', visibility: 'public', message: { id: 'm-3' } });
      await waitFor(() => deliveriesTo(witness).length, { what: 'the witness delivery' });
      expect(deliveriesTo(gone)).to.have.length(1);
      expect(deliveriesTo(kept)).to.have.length(1);
    });

    it('retries a failing Zap, parks the event for the admin, and a replay delivers it once to the Zap that missed it', async () => {
      const flaky = zapier.hookUrl('flaky');
      const fine = zapier.hookUrl('fine');
      await hookCall('subscribe', { hookUrl: flaky, event: 'conversation.created' });
      await hookCall('subscribe', { hookUrl: fine, event: 'conversation.created' });
      zapier.answerNext(flaky, 500, 500, 500, 500, 500, 500, 500, 500);
      await append('conversation.created', 'c-4', { conversationId: 'c-4', conversation: conversation('c-4') });
      const parked = await waitFor(
        async () => {
          const r = await call('GET', `/api/v1/events/parked?consumer=${encodeURIComponent(CONSUMER('conversation_created'))}`);
          return (r.body.parked as { id: string; error: string; attempts: number; key: string }[]).find((p) => p.key === 'c-4');
        },
        { what: 'the parked event', timeoutMs: 60000 },
      );
      expect(parked.attempts).to.be.greaterThan(1);
      expect(parked.error).to.contain('HTTP 500');
      const tries = deliveriesTo(flaky).length;
      expect(tries).to.equal(parked.attempts);
      expect(deliveriesTo(fine), 'the Zap that took it is not sent it again').to.have.length(1);
      zapier.answerNext(flaky); // answers 200 from now on
      expect((await call('POST', `/api/v1/events/parked/${parked.id}/retry`)).status).to.equal(202);
      await waitFor(async () => (await call('GET', `/api/v1/events/parked/${parked.id}`)).status === 404, {
        what: 'the replay',
        timeoutMs: 30000,
      });
      expect(deliveriesTo(flaky)).to.have.length(tries + 1);
      expect(deliveriesTo(fine)).to.have.length(1);
    });
  });

  describe('sendSignedWebhook', () => {
    it('signs with HMAC-SHA256 over timestamp and body, waits out a 429, and answers the attempts', async () => {
      const seen: { headers: Record<string, string>; body: string }[] = [];
      nock('https://hooks.slack.com')
        .post('/services/T000/B000/XXXX')
        .reply(429, 'slow down', { 'retry-after': '0' })
        .post('/services/T000/B000/XXXX')
        .reply(function (_uri, body) {
          seen.push({
            headers: Object.fromEntries(Object.entries(this.req.headers).map(([k, v]) => [k, String(v)])),
            body: JSON.stringify(body),
          });
          return [200, 'ok'];
        });
      const r = await call('POST', '/api/v1/plugins/zapier/actions/sendSignedWebhook', {
        input: { url: 'https://hooks.slack.com/services/T000/B000/XXXX', event: 'case.escalated', data: { conversationId: 'c-9' } },
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.output).to.include({ status: 200, attempts: 2 });
      const [h] = seen;
      const raw = h!.body;
      // Independently of the plugin: HMAC-SHA256("<ts>.<body>") with the secret, and a fresh timestamp.
      expect(verifyBaconSignature(SECRET, h!.headers, raw)).to.equal(true);
      expect(verifyBaconSignature('another-secret-value', h!.headers, raw)).to.equal(false);
      expect(verifyBaconSignature(SECRET, h!.headers, raw, { now: Date.now() + 3600_000 }), 'an old signature is refused').to.equal(false);
      expect(JSON.parse(raw)).to.include({ event: 'case.escalated', id: r.body.output.deliveryId });
    });

    it("reaches a host this tenant's admin added in the settings, and only for this tenant", async () => {
      const input = { url: 'https://hooks.tools.example.org/bacon', event: 'case.escalated', data: {} };
      const before = await call('POST', '/api/v1/plugins/zapier/actions/sendSignedWebhook', { input });
      expect(before.status).to.equal(400);
      expect(before.body.error.code).to.equal('host_not_allowed');
      const bad = await call('PUT', '/api/v1/plugins/zapier/settings', { webhookHosts: ['https://not a host/'] });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('settings_invalid');
      expect((await call('PUT', '/api/v1/plugins/zapier/settings', { webhookHosts: ['hooks.tools.example.org'] })).status).to.equal(200);
      const received = nock('https://hooks.tools.example.org').post('/bacon').reply(200, 'ok');
      const after = await call('POST', '/api/v1/plugins/zapier/actions/sendSignedWebhook', { input });
      expect(after.status, JSON.stringify(after.body)).to.equal(200);
      expect(received.isDone()).to.equal(true);

      const other = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
      const asOther = (method: string, path: string, body?: unknown) => requestJson(host.url, other.headers, method, path, body);
      expect((await asOther('PUT', '/api/v1/plugins/zapier/settings', { apiKey: 'k'.repeat(32), webhookSecret: SECRET })).status).to.equal(
        200,
      );
      expect((await asOther('POST', '/api/v1/plugins/zapier/enable', { grants: GRANTS })).status).to.equal(200);
      const elsewhere = await asOther('POST', '/api/v1/plugins/zapier/actions/sendSignedWebhook', { input });
      expect(elsewhere.status, 'another tenant does not inherit the host').to.equal(400);
      expect(elsewhere.body.error.code).to.equal('host_not_allowed');
      await call('PUT', '/api/v1/plugins/zapier/settings', { webhookHosts: [] });
    });

    it('refuses a host off its allow-list without sending anything', async () => {
      const r = await call('POST', '/api/v1/plugins/zapier/actions/sendSignedWebhook', {
        input: { url: 'https://attacker.example.com/x', event: 'e', data: {} },
      });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('host_not_allowed');
    });
  });

  describe('OpenAPI description', () => {
    it('describes the hook endpoints the host serves and every event with the triggers’ own schemas', async () => {
      const doc = zapierOpenApi();
      const hostDoc = (await (await fetch(`${host.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      expect(hostDoc.paths['/api/v1/plugins/{id}/triggers/{trigger}/{tenantId}']).to.have.property('post');
      for (const p of Object.keys(doc.paths))
        expect(p).to.match(/^\/api\/v1\/plugins\/zapier\/triggers\/(subscribe|unsubscribe)\/\{tenantId\}$/);
      for (const [event, schema] of Object.entries(PAYLOAD_SCHEMAS))
        expect((doc.webhooks as Record<string, any>)[event].post.requestBody.content['application/json'].schema).to.equal(schema);
      const schema = (await call('GET', '/api/v1/plugins/zapier/schema')).body;
      expect(schema.triggers.csat_received.payload).to.deep.equal(PAYLOAD_SCHEMAS['csat.answered']);
    });
  });

  describe('disable', () => {
    it('stops taking subscriptions once disabled', async () => {
      expect((await call('POST', '/api/v1/plugins/zapier/disable')).status).to.equal(200);
      const r = await hookCall('subscribe', { hookUrl: zapier.hookUrl(), event: 'conversation.created' });
      expect(r.status).to.equal(409);
      expect(r.body.error.code).to.equal('plugin_not_enabled');
    });
  });
});
