import { expect } from 'chai';
import nock from 'nock';
import { createTestUser, pluginsService, startTestHost, waitFor, type TestHost, type TestUser, requestJson } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { fakeSalesforce, type FakeSalesforce } from '../src/testing.js';
import { API_VERSION } from '../src/settings.js';
import { soqlString } from '../src/soql.js';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const INSTANCE = 'https://acme.my.salesforce.com';
/** Every name resolves to a public address (nock answers), but `unreachable.*` does not resolve at all. */
const dnsLookup = async (name: string) => {
  if (name.startsWith('unreachable.')) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  return [{ address: '13.108.238.0', family: 4 }];
};
const CONTACT = '003000000000001AAA';
const SETTINGS = {
  instanceUrl: INSTANCE,
  clientId: '3MVG9fake.consumer.key',
  clientSecret: 'consumer-secret',
  refreshToken: '5Aep861-refresh',
};
const GRANTS = ['http', 'kv', 'secrets'];

describe('salesforce (sandboxed plugin)', function () {
  this.timeout(90000);
  let host: TestHost;
  let admin: TestUser;
  let org: FakeSalesforce;
  const call = (method: string, path: string, body?: unknown) => requestJson(host.url, admin.headers, method, path, body);
  const run = (action: string, input: unknown) => call('POST', `/api/v1/plugins/salesforce/actions/${action}`, { input });
  const view = async () => (await call('GET', '/api/v1/plugins/salesforce')).body;
  const enable = () => call('POST', '/api/v1/plugins/salesforce/enable', { grants: GRANTS });
  const newOrg = () => {
    org?.stop();
    org = fakeSalesforce({
      instanceUrl: INSTANCE,
      contacts: [
        {
          Id: CONTACT,
          Name: "Ada O'Brien",
          Email: "ada.o'brien@example.com",
          Phone: '+44 20 7946 0000',
          AccountName: 'Analytical Engines',
        },
      ],
      leads: [{ Id: '00Q000000000001AAA', Name: 'Bob Lead', Email: 'bob@example.com', Company: 'Bob Ltd' }],
    });
  };

  before(async () => {
    host = await startTestHost({
      plugins: [inbox, ENTRY],
      pluginOptions: { dnsLookup },
      config: { pluginBreakerVolume: 4, pluginBreakerThreshold: 50, pluginBreakerResetMs: 60000 },
    });
    admin = await createTestUser(host, { role: 'admin' });
    newOrg();
  });
  // The root hooks clean nock after each test: the org (and its records) comes back before the next.
  beforeEach(() => org.start());
  after(async () => {
    org?.stop();
    nock.cleanAll();
    await host?.close();
  });

  describe('lifecycle', () => {
    it('loads sandboxed, with its settings schema (secrets marked) and only the capabilities it needs', async () => {
      const v = await view();
      expect(v).to.include({ id: 'salesforce', tier: 'sandboxed', state: 'running', enabled: false });
      expect(v.capabilities.map((c: { name: string }) => c.name)).to.deep.equal(GRANTS);
      const schema = (await call('GET', '/api/v1/plugins/salesforce/schema')).body;
      expect(schema.settings.schema.properties.clientSecret).to.include({ writeOnly: true, 'x-secret': true });
      expect(schema.settings.schema.properties.refreshToken).to.include({ writeOnly: true, 'x-secret': true });
      expect(schema.settings.uiSchema.refreshToken['ui:widget']).to.equal('password');
      expect(Object.keys(schema.actions)).to.deep.equal(['findPerson', 'createCase', 'addCaseComment']);
    });

    it('refuses settings that do not match the schema, naming the field', async () => {
      const r = await call('PUT', '/api/v1/plugins/salesforce/settings', { ...SETTINGS, instanceUrl: 'https://evil.example.com' });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('settings_invalid');
      expect(JSON.stringify(r.body.error.details)).to.contain('instanceUrl');
    });

    it('validates install-level settings merged with the tenant override, and never returns secrets', async () => {
      // Install level (every tenant): the client id and a sandbox login URL; the tenant overrides the login URL.
      await host.services.db.knex('plugin_installs').insert({
        tenant_id: '*',
        plugin_id: 'salesforce',
        enabled: false,
        grants: '[]',
        settings: JSON.stringify({ clientId: SETTINGS.clientId, loginUrl: 'https://test.salesforce.com' }),
        secrets: '{}',
      });
      const missing = await call('PUT', '/api/v1/plugins/salesforce/settings', { instanceUrl: INSTANCE });
      expect(missing.status).to.equal(400);
      expect(JSON.stringify(missing.body.error.details)).to.match(/clientSecret|refreshToken/);
      const { clientId: _shared, ...own } = SETTINGS;
      const ok = await call('PUT', '/api/v1/plugins/salesforce/settings', { ...own, loginUrl: 'https://login.salesforce.com' });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.settings).to.include({
        clientId: SETTINGS.clientId,
        loginUrl: 'https://login.salesforce.com',
        clientSecret: '********',
      });
      expect(JSON.stringify(ok.body)).not.to.contain('consumer-secret');
    });

    it('tests the connection before enabling: a real /limits call with a fresh token', async () => {
      const r = await call('POST', '/api/v1/plugins/salesforce/test-connection', { grants: GRANTS });
      expect(r.body.ok, r.body.detail).to.equal(true);
      expect(r.body.detail).to.contain(`Connected to ${INSTANCE} (API ${API_VERSION})`).and.contain('14990 of 15000');
    });

    it('says why a connection test fails: bad credentials, wrong instance, unreachable', async () => {
      org.revokeRefreshToken();
      let r = await call('POST', '/api/v1/plugins/salesforce/test-connection', { grants: GRANTS });
      expect(r.body).to.include({ ok: false });
      expect(r.body.detail).to.match(/^Bad credentials: .*invalid_grant/);
      expect((await view()).disabledReason, 'a connection test never disables').to.equal(undefined);

      org.stop();
      org = fakeSalesforce({ instanceUrl: 'https://other.my.salesforce.com' });
      r = await call('POST', '/api/v1/plugins/salesforce/test-connection', { grants: GRANTS });
      expect(r.body.detail).to.match(/^Wrong instance: the refresh token belongs to https:\/\/other\.my\.salesforce\.com/);

      const unreachable = 'https://unreachable.my.salesforce.com';
      expect((await call('PUT', '/api/v1/plugins/salesforce/settings', { ...SETTINGS, loginUrl: unreachable })).status).to.equal(200);
      r = await call('POST', '/api/v1/plugins/salesforce/test-connection', { grants: GRANTS });
      expect(r.body.detail).to.match(/^Unreachable: Could not reach unreachable\.my\.salesforce\.com/);
      const restored = { ...SETTINGS, loginUrl: 'https://login.salesforce.com' };
      expect((await call('PUT', '/api/v1/plugins/salesforce/settings', restored)).status).to.equal(200);
      newOrg();
    });

    it('enables with the grants it asks for', async () => {
      expect((await enable()).status).to.equal(200);
      expect(await view()).to.include({ enabled: true });
    });
  });

  describe('actions', () => {
    it('finds the contact by email, the value escaped as a SOQL literal', async () => {
      const r = await run('findPerson', { email: "ada.o'brien@example.com" });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.output.people).to.deep.equal([
        {
          id: CONTACT,
          type: 'Contact',
          name: "Ada O'Brien",
          email: "ada.o'brien@example.com",
          phone: '+44 20 7946 0000',
          company: 'Analytical Engines',
          url: `${INSTANCE}/lightning/r/Contact/${CONTACT}/view`,
        },
      ]);
      expect(org.queries[0]).to.contain("WHERE Email = 'ada.o\\'brien@example.com'");
    });

    it('cannot be turned into another query by the email (injection attempt stays one literal)', async () => {
      const hostile = "x' OR Email != 'y";
      const r = await run('findPerson', { email: hostile, types: ['Contact'] });
      expect(r.body.output.people).to.deep.equal([]);
      expect(org.queries.at(-1)).to.contain(`WHERE Email = ${soqlString(hostile)} ORDER BY`);
      expect(soqlString("a\\'b\n")).to.equal("'a\\\\\\'b\\n'");
    });

    it('finds an unconverted lead', async () => {
      const r = await run('findPerson', { email: 'bob@example.com' });
      expect(r.body.output.people.map((p: { type: string; company: string }) => [p.type, p.company])).to.deep.equal([['Lead', 'Bob Ltd']]);
    });

    it('creates a case with the transcript, linked to the contact, once per conversation', async () => {
      const input = {
        conversationId: 'conv-1',
        subject: 'Parcel never arrived',
        email: "ada.o'brien@example.com",
        priority: 'High',
        transcript: [
          { author: 'Ada', text: 'My parcel never arrived.', at: '2026-12-01T09:00:00Z' },
          { author: 'Agent Grace', text: 'Sorry! Let me check.', at: '2026-12-01T09:01:00Z' },
        ],
      };
      const r = await run('createCase', input);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.output).to.include({ created: true, contactId: CONTACT });
      expect(r.body.output.url).to.equal(`${INSTANCE}/lightning/r/Case/${r.body.output.caseId}/view`);
      const made = org.cases.find((c) => c.Id === r.body.output.caseId)!;
      expect(made).to.include({ Subject: 'Parcel never arrived', ContactId: CONTACT, Priority: 'High', Origin: 'Chat' });
      expect(made.Description).to.contain('[2026-12-01T09:00:00Z] Ada: My parcel never arrived.').and.contain('Agent Grace: Sorry!');
      const again = await run('createCase', input);
      expect(again.body.output).to.include({ caseId: r.body.output.caseId, created: false });
      expect(org.cases).to.have.length(1);
    });

    it('adds a comment to the case, and refuses a case id that is not one', async () => {
      const caseId = org.cases[0]!.Id;
      const r = await run('addCaseComment', { caseId, body: 'Refund issued.', published: true });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(org.comments).to.deep.include({
        Id: r.body.output.commentId,
        ParentId: caseId,
        CommentBody: 'Refund issued.',
        IsPublished: true,
      });
      const bad = await run('addCaseComment', { caseId: "500' OR 1=1", body: 'x' });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('validation_failed');
    });

    it("answers the contact's recent cases as AI and side-panel context", async () => {
      const runtime = host.service(pluginsService);
      const out = (await runtime.calls!.invoke(
        'salesforce',
        'enricher',
        'recentCases',
        { tenantId: admin.user.tenantId, contact: { email: "ada.o'brien@example.com" } },
        admin.user.tenantId,
      )) as {
        contact: { id: string };
        cases: { subject: string; url: string }[];
      };
      expect(out.contact.id).to.equal(CONTACT);
      expect(out.cases.map((c) => c.subject)).to.deep.equal(['Parcel never arrived']);
    });
  });

  describe('the client', () => {
    it('refreshes an expired session once and retries the call', async () => {
      const before = org.tokensIssued;
      org.expireSession();
      const r = await run('findPerson', { email: 'bob@example.com' });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(org.tokensIssued).to.equal(before + 1);
    });

    it('waits out a 429 (Retry-After) and a 503, then succeeds', async () => {
      org.failNext({ status: 429, headers: { 'retry-after': '0' } }, { status: 503 });
      const r = await run('findPerson', { email: 'bob@example.com', types: ['Lead'] });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.output.people).to.have.length(1);
    });

    it('disables the install with a reason the admin sees when Salesforce refuses the refresh token', async () => {
      org.expireSession();
      org.revokeRefreshToken();
      const r = await run('findPerson', { email: 'bob@example.com' });
      expect(r.body.error.code).to.equal('salesforce_auth_failed');
      const v = await view();
      expect(v.enabled).to.equal(false);
      expect(v.disabledReason).to.contain('invalid_grant').and.contain('reconnect');
      expect((await run('findPerson', { email: 'bob@example.com' })).body.error.code).to.equal('plugin_not_enabled');
      // The admin reconnects: a new org (token), enable again, and the reason is gone.
      newOrg();
      expect((await enable()).status).to.equal(200);
      expect((await view()).disabledReason).to.equal(undefined);
      expect((await run('findPerson', { email: 'bob@example.com' })).status).to.equal(200);
    });

    it('a dead Salesforce opens the breaker and the inbox keeps answering', async () => {
      org.stop();
      const dead = nock(INSTANCE)
        .persist()
        .get(/.*/)
        .reply(503, [{ message: 'down', errorCode: 'SERVER_UNAVAILABLE' }]);
      await waitFor(
        async () => {
          const r = await run('findPerson', { email: 'bob@example.com' });
          expect(r.status).to.be.oneOf([502, 503]);
          const open = ((await view()).breakers as { name: string; state: string }[]).filter((b) => b.state === 'open');
          return open.length ? open : undefined;
        },
        { what: 'an open breaker', timeoutMs: 60000 },
      );
      const fast = await run('findPerson', { email: 'bob@example.com' });
      expect(fast.body.error.code).to.be.oneOf(['plugin_breaker_open', 'salesforce_unavailable']);
      const list = await call('GET', '/api/v1/conversations');
      expect(list.status).to.equal(200);
      expect((await fetch(`${host.url}/healthz`)).status).to.equal(200);
      dead.persist(false);
      nock.cleanAll();
    });
  });
});
