import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestUser, createTestTenant, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import analytics from '@bacon/plugin-analytics';
import aiAssist from '@bacon/plugin-ai-assist';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import compliance from '../src/index.js';

const EMAIL = 'jane.export@example.com';

interface Bundle {
  format: string;
  contactId: string;
  masked: boolean;
  sections: Record<string, unknown>;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T/;

/** Whether some object inside `value` has every column of `row` (timestamps are compared as instants). */
function containsRow(value: unknown, row: Record<string, unknown>): boolean {
  if (Array.isArray(value)) return value.some((v) => containsRow(v, row));
  if (!value || typeof value !== 'object') return false;
  const obj = value as Record<string, unknown>;
  const same = Object.entries(row).every(([k, v]) =>
    typeof v === 'string' && TIMESTAMP.test(v)
      ? Date.parse(String(obj[k])) === Date.parse(v)
      : JSON.stringify(obj[k]) === JSON.stringify(v),
  );
  return same || Object.values(obj).some((v) => containsRow(v, row));
}

describe('GET /api/v1/contacts/:id/export', () => {
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let contactId: string;
  let conversationId: string;
  // A plugin that keeps its own data about contacts joins the export by registering a holder.
  const crm = definePlugin({
    id: 'crm-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    services: ['personalData'],
    init(ctx) {
      api = ctx.use<InboxApi>('inbox');
      ctx.services.personalData.register({
        name: 'crm_probe',
        export: async (s) => (s.refs.length ? { contactId: s.contactId, syncedConversations: s.refs } : null),
        erase: async () => ({ counts: {} }),
      });
    },
  });
  const exportOf = (id: string, query = '', u: TestUser = admin) =>
    fetch(`${host.url}/api/v1/contacts/${id}/export${query}`, { headers: u.headers });

  before(async () => {
    host = await startTestHost({ plugins: [inbox, analytics, aiAssist, compliance, crm] });
    admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
    const tenantId = admin.user.tenantId;
    const thread = randomUUID();
    const r = await api.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: thread,
      externalMessageId: randomUUID(),
      contact: { externalId: `visitor-${thread}`, name: 'Jane Export', email: EMAIL, phone: '+33 6 12 34 56 78' },
      text: 'my card is 4111 1111 1111 1111',
    });
    contactId = r.conversation.contactId;
    conversationId = r.conversation.id;
    await api.assign(tenantId, conversationId, { agentId: admin.user.id });
    const note = await fetch(`${host.url}/api/v1/conversations/${conversationId}/notes`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `VIP, writes from ${EMAIL}` }),
    });
    expect(note.status).to.equal(201);
    // A plugin's kv entry keyed to the conversation.
    await host.services.db.knex('plugin_kv').insert({
      tenant_id: tenantId,
      plugin_id: 'crm-probe',
      key: `deal:${conversationId}`,
      value: JSON.stringify({ stage: 'won' }),
      bytes: 16,
    });
    // Analytics' facts of the conversation (folded from the inbox's events), a CSAT comment and an AI draft.
    const { knex } = host.services.db;
    await waitFor(() => knex('analytics_conversations').where({ conversation_id: conversationId, assignee_id: admin.user.id }).first(), {
      what: 'the analytics facts of the conversation',
      timeoutMs: 30_000,
    });
    await knex('analytics_csat').insert({
      tenant_id: tenantId,
      conversation_id: conversationId,
      cycle: 0,
      score: 5,
      comment: `thanks, reach me at ${EMAIL}`,
      channel: 'web',
      agent_id: admin.user.id,
      answered_at: new Date(),
    });
    await knex('ai_assist_drafts').insert({
      id: randomUUID(),
      tenant_id: tenantId,
      conversation_id: conversationId,
      agent_id: admin.user.id,
      trace_id: randomUUID(),
      kind: 'draft',
      text: 'Hello Jane, your card ending 1111 is fine.',
      context: JSON.stringify({ messages: 1 }),
    });
    // Another contact of the same tenant, which must not leak into the bundle.
    await api.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: randomUUID(),
      externalMessageId: randomUUID(),
      contact: { externalId: randomUUID(), name: 'Someone Else', email: 'else@example.com' },
      text: 'unrelated',
    });
  });
  after(async () => host?.close());

  it('bundles every row of every table that names the contact or its conversations', async () => {
    const first = await exportOf(contactId);
    expect(first.status).to.equal(200);
    // The second export also holds the first one's audit entry (its own is written once collected).
    const { id: ownAudit } = await host.services.db.knex('audit_log').where({ action: 'contact.exported', target_id: contactId }).first();
    const res = await exportOf(contactId);
    expect(res.headers.get('content-type')).to.match(/^application\/json/);
    const text = await res.text();
    const bundle = JSON.parse(text) as Bundle;
    expect(bundle).to.include({ format: 'bacon.personal-data.v1', contactId, masked: false });
    expect(Object.keys(bundle.sections)).to.have.members([
      'audit_log',
      'plugin_kv',
      'host_events',
      'inbox',
      'analytics',
      'ai_assist',
      'crm_probe',
    ]);
    expect(text).to.include(EMAIL).and.include('4111 1111 1111 1111').and.include('VIP, writes from').and.include(`deal:${conversationId}`);
    expect(text).not.to.include('else@example.com').and.not.include('unrelated');

    // Completeness: scan every table of the schema for rows naming the contact, its conversation or
    // its email; each must be in the bundle (by its id, or by its key for kv entries).
    const { knex } = host.services.db;
    const tables = (await knex('information_schema.tables')
      .where({ table_schema: knex.raw('current_schema()'), table_type: 'BASE TABLE' })
      .pluck('table_name')) as string[];
    const missing: string[] = [];
    let scanned = 0;
    for (const table of tables) {
      const rows = (
        await knex.raw(`select row_to_json(t)::text as j from "${table}" t where row_to_json(t)::text like any (?)`, [
          [`%${contactId}%`, `%${conversationId}%`, `%${EMAIL}%`],
        ])
      ).rows as { j: string }[];
      for (const { j } of rows) {
        scanned++;
        const row = JSON.parse(j) as { id?: unknown; key?: string; action?: string };
        if (table === 'audit_log' && row.action === 'contact.exported' && row.id !== ownAudit) continue;
        if (row.id === undefined && row.key === undefined) {
          // A row keyed by its columns (analytics facts): some object of the bundle has its values.
          if (!containsRow(bundle.sections, row as Record<string, unknown>)) missing.push(`${table} ${j.slice(0, 120)}`);
          continue;
        }
        const mark = row.id !== undefined ? JSON.stringify(row.id) : JSON.stringify(row.key);
        if (!text.includes(mark) && !text.includes(`:${String(row.id)},`)) missing.push(`${table} ${j.slice(0, 120)}`);
      }
    }
    expect(scanned).to.be.greaterThan(8);
    expect(missing).to.deep.equal([]);
  });

  it('masks the bundle on request, and audits every export without personal data', async () => {
    const res = await exportOf(contactId, '?mask=true');
    const text = await res.text();
    expect((JSON.parse(text) as Bundle).masked).to.equal(true);
    expect(text).not.to.include(EMAIL).and.not.include('4111 1111 1111 1111');
    expect(text).to.include('[email]').and.include('[card]');
    const audit = (await (await fetch(`${host.url}/api/v1/audit-log?action=contact.exported`, { headers: admin.headers })).json()) as {
      entries: { targetId: string; after: unknown }[];
    };
    expect(audit.entries).to.have.length(3);
    expect(audit.entries[0]).to.deep.include({
      targetId: contactId,
      // In registration order: the host's holders, then the plugins' in their start order.
      after: { sections: ['audit_log', 'plugin_kv', 'host_events', 'analytics', 'inbox', 'ai_assist', 'crm_probe'], masked: true },
    });
    expect(JSON.stringify(audit.entries)).not.to.include(EMAIL);
  });

  it("answers 404 for an unknown contact and for another tenant's", async () => {
    expect((await exportOf(randomUUID())).status).to.equal(404);
    const other = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
    expect((await exportOf(contactId, '', other)).status).to.equal(404);
  });

  it('is for admins only', async () => {
    const agent = await createTestUser(host, { role: 'agent', tenantId: admin.user.tenantId });
    expect((await exportOf(contactId, '', agent)).status).to.equal(403);
  });
});
