import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestUser, createTestTenant, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboundInput, InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import compliance from '../src/index.js';

const TEXT = 'I am jane.doe@example.com, card 4111 1111 1111 1111, customer CUST-004211, order 1234567';

function inbound(text: string): InboundInput {
  const thread = randomUUID();
  return {
    channel: 'web',
    externalConversationId: thread,
    externalMessageId: randomUUID(),
    contact: { externalId: `visitor-${thread}`, name: 'Jane' },
    text,
  };
}

describe('compliance masking', () => {
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let plain: TestUser;
  const probe = definePlugin({
    id: 'inbox-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
  });
  const put = (u: TestUser, body: unknown) =>
    fetch(`${host.url}/api/v1/compliance/settings`, {
      method: 'PUT',
      headers: { ...u.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    host = await startTestHost({ plugins: [inbox, compliance, probe] });
    admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
    plain = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
  });
  after(async () => host?.close());

  describe('PUT /api/v1/compliance/settings', () => {
    it('stores the settings, answers them and audits the change', async () => {
      const body = { maskAtIngest: true, maskExports: true, piiPatterns: [{ name: 'customer_id', pattern: 'CUST-\\d{6}' }] };
      const res = await put(admin, body);
      expect(res.status).to.equal(200);
      const got = await (await fetch(`${host.url}/api/v1/compliance/settings`, { headers: admin.headers })).json();
      expect(got).to.deep.equal(body);
      const audit = (await (
        await fetch(`${host.url}/api/v1/audit-log?action=compliance.settings.updated`, { headers: admin.headers })
      ).json()) as {
        entries: { actorId: string; after: unknown; before: unknown }[];
      };
      expect(audit.entries).to.have.length(1);
      expect(audit.entries[0]).to.deep.include({ actorId: admin.user.id, after: body });
      expect(audit.entries[0]!.before).to.deep.include({ maskAtIngest: false });
    });

    it('refuses a malformed pattern, or one that matches an empty text, with a 400 and keeps the old settings', async () => {
      for (const pattern of ['(', 'a*']) {
        const res = await put(admin, { maskAtIngest: false, maskExports: false, piiPatterns: [{ name: 'x', pattern }] });
        expect(res.status, pattern).to.equal(400);
        expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('invalid_input');
      }
      const got = (await (await fetch(`${host.url}/api/v1/compliance/settings`, { headers: admin.headers })).json()) as {
        maskAtIngest: boolean;
      };
      expect(got.maskAtIngest).to.equal(true);
    });

    it('is for admins only', async () => {
      const agent = await createTestUser(host, { role: 'agent', tenantId: admin.user.tenantId });
      expect((await put(agent, { maskAtIngest: false, maskExports: false, piiPatterns: [] })).status).to.equal(403);
    });
  });

  describe('mask at ingest', () => {
    it("masks an inbound text before it is stored, with the tenant's own patterns, when the tenant turned it on", async () => {
      const r = await api.ingestInbound(admin.user.tenantId, inbound(TEXT));
      expect(r.message.body).to.equal('I am [email], card [card], customer [customer_id], order 1234567');
      const stored = await host.services.db.knex('inbox_messages').where({ id: r.message.id }).first();
      expect(JSON.stringify(stored)).not.to.include('jane.doe@example.com').and.not.include('4111');
    });

    it('stores the text as written for a tenant that did not', async () => {
      const r = await api.ingestInbound(plain.user.tenantId, inbound(TEXT));
      expect(r.message.body).to.equal(TEXT);
    });
  });

  describe('mask in exports', () => {
    it('masks a transcript export when the tenant asked for it, and only then', async () => {
      const other = await api.ingestInbound(plain.user.tenantId, inbound(TEXT));
      const raw = await api.exportTranscript(plain.user.tenantId, other.conversation.id);
      expect(raw.messages[0]!.body).to.equal(TEXT);
      const res = await put(plain, { maskAtIngest: false, maskExports: true, piiPatterns: [] });
      expect(res.status).to.equal(200);
      const masked = await api.exportTranscript(plain.user.tenantId, other.conversation.id);
      expect(masked.messages[0]!.body).to.equal('I am [email], card [card], customer CUST-004211, order 1234567');
    });
  });
});
