import { expect } from 'chai';
import nock from 'nock';
import { definePlugin, type PluginEnricherCalls } from '@bacon/sdk';
import { createTestTenant, createTestUser, startTestHost, waitFor, type TestHost, type TestUser, requestJson } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import {
  API_BASE,
  contactEvent,
  crmObject,
  hubspotWebhookHeaders,
  missingScopesAnswer,
  rateLimitHeaders,
  rateLimitedAnswer,
  searchResult,
  unauthorizedAnswer,
} from '../src/testing.js';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const APP_SECRET = 'hubspot-client-secret';
const dnsLookup = async () => [{ address: '104.16.252.55', family: 4 }];
const ada = crmObject('51', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', lifecyclestage: 'customer' });

describe('hubspot (sandboxed plugin)', function () {
  this.timeout(300000);
  let host: TestHost;
  let admin: TestUser;
  let api!: InboxApi;
  let enrichers!: PluginEnricherCalls;
  const call = (method: string, path: string, body?: unknown, user: TestUser = admin) =>
    requestJson(host.url, user.headers, method, path, body);
  const run = (action: string, input: unknown, user?: TestUser) =>
    call('POST', `/api/v1/plugins/hubspot/actions/${action}`, { input }, user);
  const hub = () => nock(API_BASE).defaultReplyHeaders(rateLimitHeaders());
  const settings = { accessToken: 'pat-na1-11111111-2222-3333-4444-555555555555', appSecret: APP_SECRET, portalId: 62515 };

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
    it('refuses settings that do not match its schema, and keeps secrets write-only', async () => {
      const bad = await call('PUT', '/api/v1/plugins/hubspot/settings', { ...settings, authMode: 'password' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('settings_invalid');
      expect((await call('PUT', '/api/v1/plugins/hubspot/settings', settings)).status).to.equal(200);
      const read = await call('GET', '/api/v1/plugins/hubspot/settings');
      expect(read.body.settings.accessToken).to.equal('********');
      expect(read.body.settings.appSecret).to.equal('********');
    });

    it('tests the connection, then enables with its grants', async () => {
      hub().get('/account-info/v3/details').reply(200, {
        portalId: 62515,
        accountType: 'STANDARD',
        timeZone: 'US/Eastern',
        companyCurrency: 'USD',
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'na1',
      });
      hub()
        .get('/crm/v3/objects/contacts')
        .query({ limit: '1' })
        .reply(200, { results: [ada] });
      const test = await call('POST', '/api/v1/plugins/hubspot/test-connection', { grants: ['http', 'secrets', 'kv'] });
      expect(test.body).to.deep.equal({ ok: true, detail: 'Connected to HubSpot account 62515.' });
      expect((await call('POST', '/api/v1/plugins/hubspot/enable', { grants: ['http', 'secrets', 'kv'] })).status).to.equal(200);
    });

    it('says why the connection fails: bad token, missing scope', async () => {
      hub().get('/account-info/v3/details').reply(401, unauthorizedAnswer());
      expect((await call('POST', '/api/v1/plugins/hubspot/test-connection', {})).body.detail).to.match(/^Bad token/);
      hub().get('/account-info/v3/details').reply(200, { portalId: 62515 });
      hub().get('/crm/v3/objects/contacts').query(true).reply(403, missingScopesAnswer('crm.objects.contacts.read'));
      expect((await call('POST', '/api/v1/plugins/hubspot/test-connection', {})).body.detail).to.equal(
        'Missing scope: The HubSpot app lacks the scope crm.objects.contacts.read.',
      );
    });

    it('refreshes an OAuth token (per-tenant settings) and keeps it in kv', async () => {
      const other = await createTestTenant(host);
      const otherAdmin = await createTestUser(host, { role: 'admin', tenantId: other.id });
      const oauth = {
        authMode: 'oauth',
        clientId: 'client-id-1',
        clientSecret: 'client-secret-1',
        refreshToken: 'refresh-1',
        portalId: 777,
      };
      expect((await call('PUT', '/api/v1/plugins/hubspot/settings', oauth, otherAdmin)).status).to.equal(200);
      expect((await call('POST', '/api/v1/plugins/hubspot/enable', { grants: ['http', 'secrets', 'kv'] }, otherAdmin)).status).to.equal(
        200,
      );
      hub()
        .post(
          '/oauth/v1/token',
          (b) => b.grant_type === 'refresh_token' && b.refresh_token === 'refresh-1' && b.client_id === 'client-id-1',
        )
        .reply(200, { token_type: 'bearer', refresh_token: 'refresh-1', access_token: 'oauth-access-1', expires_in: 1800 });
      nock(API_BASE, { reqheaders: { authorization: 'Bearer oauth-access-1' } })
        .post('/crm/v3/objects/contacts/search')
        .twice()
        .reply(200, searchResult(ada));
      const first = await run('find_or_create_contact', { email: 'ada@example.com' }, otherAdmin);
      expect(first.body.output).to.include({ id: '51', created: false, url: 'https://app.hubspot.com/contacts/777/record/0-1/51' });
      const second = await run('find_or_create_contact', { email: 'ada@example.com' }, otherAdmin);
      expect(second.status).to.equal(200);
      expect(nock.isDone()).to.equal(true); // one refresh for two calls: the token came from kv
    });
  });

  describe('actions', () => {
    it('creates a contact that does not exist yet', async () => {
      hub().post('/crm/v3/objects/contacts/search').reply(200, searchResult());
      hub()
        .post('/crm/v3/objects/contacts', (b) => b.properties.email === 'new@example.com' && b.properties.firstname === 'New')
        .reply(201, crmObject('77', { email: 'new@example.com', firstname: 'New' }));
      const r = await run('find_or_create_contact', { email: 'new@example.com', firstname: 'New' });
      expect(r.body.output).to.include({ id: '77', created: true });
    });

    it("logs the conversation as a note associated with the contact's record", async () => {
      let sent: any;
      hub().post('/crm/v3/objects/contacts/search').reply(200, searchResult(ada));
      hub()
        .post('/crm/v3/objects/notes', (b) => ((sent = b), true))
        .reply(201, crmObject('9001', { hs_note_body: 'x', hs_timestamp: '2026-12-01T10:00:00.000Z' }));
      const r = await run('log_conversation', { email: 'ada@example.com', subject: 'Parcel <late>', transcript: 'Ada: where is it?' });
      expect(r.body.output).to.include({ id: '9001', contactId: '51', url: 'https://app.hubspot.com/contacts/62515/record/0-1/51' });
      expect(sent.associations).to.deep.equal([
        { to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
      ]);
      expect(sent.properties.hs_note_body).to.equal('<p><strong>Parcel &lt;late&gt;</strong></p><pre>Ada: where is it?</pre>');
    });

    it('creates a ticket in the configured pipeline, associated with the contact', async () => {
      let sent: any;
      hub().post('/crm/v3/objects/contacts/search').reply(200, searchResult(ada));
      hub()
        .post('/crm/v3/objects/tickets', (b) => ((sent = b), true))
        .reply(201, crmObject('3003', { subject: 'Broken zip', hs_pipeline: '0', hs_pipeline_stage: '1' }));
      const r = await run('create_ticket', { subject: 'Broken zip', content: 'It broke.', email: 'ada@example.com', priority: 'HIGH' });
      expect(r.body.output).to.deep.equal({
        id: '3003',
        url: 'https://app.hubspot.com/contacts/62515/record/0-5/3003',
        summary: 'HubSpot ticket 3003 created: Broken zip',
      });
      expect(sent.properties).to.deep.equal({
        subject: 'Broken zip',
        content: 'It broke.',
        hs_pipeline: '0',
        hs_pipeline_stage: '1',
        hs_ticket_priority: 'HIGH',
      });
      expect(sent.associations[0].types[0].associationTypeId).to.equal(16);
    });

    it('waits out a 429 (the rate-limit window) and then succeeds', async () => {
      nock(API_BASE)
        .post('/crm/v3/objects/contacts/search')
        .reply(429, rateLimitedAnswer(), { ...rateLimitHeaders(0, 100, 50) })
        .post('/crm/v3/objects/contacts/search')
        .reply(200, searchResult(ada), rateLimitHeaders());
      const r = await run('find_or_create_contact', { email: 'ada@example.com' });
      expect(r.status).to.equal(200);
      expect(nock.isDone()).to.equal(true);
    });

    it('does not wait for a used-up daily limit', async () => {
      nock(API_BASE).post('/crm/v3/objects/contacts/search').reply(429, rateLimitedAnswer('DAILY'), rateLimitHeaders(0));
      const r = await run('find_or_create_contact', { email: 'ada@example.com' });
      expect(r.status).to.equal(429);
      expect(r.body.error.message).to.match(/daily/);
    });
  });

  describe('webhook trigger (signature v3)', () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${host.url}/api/v1/plugins/hubspot/triggers/contact_event/${admin.user.tenantId}`, { method: 'POST', headers, body });
    const uri = () => `http://${new URL(host.url).host}/api/v1/plugins/hubspot/triggers/contact_event/${admin.user.tenantId}`;

    it('publishes each contact event of a correctly signed batch', async () => {
      const seen: any[] = [];
      const off = host.services.bus.subscribe('trigger.hubspot.contact_event', (e) => void seen.push(e.payload));
      const body = JSON.stringify([
        contactEvent({ eventId: 1 }),
        contactEvent({ eventId: 2, subscriptionType: 'contact.creation', propertyName: undefined }),
      ]);
      const r = await post(body, { ...hubspotWebhookHeaders(APP_SECRET, uri(), body), 'x-forwarded-proto': 'http' });
      expect(r.status).to.equal(202);
      await waitFor(() => seen.length >= 2 || undefined, { what: 'two contact events' });
      off();
      expect(seen.map((e) => e.subscriptionType)).to.deep.equal(['contact.propertyChange', 'contact.creation']);
      expect(seen[0]).to.include({ objectId: 123, propertyName: 'lifecyclestage', propertyValue: 'customer' });
    });

    it('refuses a bad signature and a replay older than five minutes', async () => {
      const body = JSON.stringify([contactEvent()]);
      const forged = await post(body, { ...hubspotWebhookHeaders('other-secret', uri(), body), 'x-forwarded-proto': 'http' });
      expect(forged.status).to.equal(403);
      const old = Date.now() - 6 * 60 * 1000;
      const replay = await post(body, { ...hubspotWebhookHeaders(APP_SECRET, uri(), body, old), 'x-forwarded-proto': 'http' });
      expect(replay.status).to.equal(403);
      expect(((await replay.json()) as any).error.message).to.match(/five minutes/);
    });
  });

  describe('enricher and failures', () => {
    it("gives the contact's properties as context", async () => {
      hub().post('/crm/v3/objects/contacts/search').reply(200, searchResult(ada));
      const results = await enrichers.collect(
        admin.user.tenantId,
        { contact: { email: 'ada@example.com' } },
        { budgetMs: 10000, plugins: ['hubspot'] },
      );
      expect(results[0]).to.include({ pluginId: 'hubspot', enricher: 'contact_properties', status: 'ok' });
      expect((results[0]!.data as any).contact.properties).to.include({ firstname: 'Ada', lifecyclestage: 'customer' });
    });

    it('opens the breaker when HubSpot is down, and the inbox keeps working', async () => {
      nock(API_BASE).persist().post('/crm/v3/objects/contacts/search').reply(502, 'Bad Gateway');
      const codes: string[] = [];
      await waitFor(
        async () => {
          const r = await run('find_or_create_contact', { email: 'ada@example.com' });
          codes.push(r.body.error.code);
          return r.body.error.code === 'plugin_unavailable' || undefined;
        },
        { what: 'the open breaker', timeoutMs: 120000 },
      );
      expect(codes[0]).to.equal('hubspot_unavailable');
      const { conversation } = await api.ingestInbound(admin.user.tenantId, {
        channel: 'web',
        externalConversationId: 'v-hub',
        externalMessageId: 'm-hub',
        contact: { externalId: 'v-hub', email: 'ada@example.com' },
        text: 'Hello?',
      });
      expect((await call('GET', `/api/v1/conversations/${conversation.id}`)).status).to.equal(200);
    });

    it('disables, after which its actions are refused', async () => {
      expect((await call('POST', '/api/v1/plugins/hubspot/disable', {})).status).to.equal(200);
      expect((await run('create_ticket', { subject: 'x' })).status).to.be.within(400, 499);
    });
  });
});
