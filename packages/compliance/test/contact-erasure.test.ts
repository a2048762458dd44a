import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestUser, createTestTenant, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin, localDiskStore } from '@bacon/plugin-channels';
import analytics from '@bacon/plugin-analytics';
import aiAssist from '@bacon/plugin-ai-assist';
import compliance, { type ErasureReport } from '../src/index.js';

const PHONE = '+33 6 98 76 54 32';
const CARD = '4111 1111 1111 1111';
const PNG_MAGIC = Buffer.from('89504e470d0a1a0a', 'hex');

describe('DELETE /api/v1/contacts/:id', () => {
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let dir: string;
  let failCrm = false;
  const crmCalls: { mode: string; dryRun: boolean }[] = [];
  // A CRM plugin: holds nothing here, forwards the request, and says so (its answer is recorded).
  const crm = definePlugin({
    id: 'crm-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    services: ['personalData'],
    init(ctx) {
      api = ctx.use<InboxApi>('inbox');
      ctx.services.personalData.register({
        name: 'crm_probe',
        export: async () => null,
        erase: async (_s, r) => {
          crmCalls.push(r);
          if (failCrm) throw new Error('CRM unreachable');
          return { counts: {}, note: r.dryRun ? 'would forward' : 'forwarded to the CRM' };
        },
      });
    },
  });

  /**
   * A contact that touches every table: conversation, messages, note, assignment, kv, events, channels
   * rows, an upload, analytics facts with a CSAT comment, an AI draft.
   */
  async function seedContact(email: string) {
    const tenantId = admin.user.tenantId;
    const thread = randomUUID();
    const visitor = `v:${randomUUID()}`;
    const r = await api.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: thread,
      externalMessageId: randomUUID(),
      contact: { externalId: visitor, name: 'Jane Erasure', email, phone: PHONE },
      text: `my card is ${CARD}, write to ${email}`,
    });
    const contactId = r.conversation.contactId;
    const conversationId = r.conversation.id;
    await api.assign(tenantId, conversationId, { agentId: admin.user.id });
    const note = await fetch(`${host.url}/api/v1/conversations/${conversationId}/notes`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: `VIP, writes from ${email}` }),
    });
    expect(note.status).to.equal(201);
    const { knex } = host.services.db;
    await knex('plugin_kv').insert({
      tenant_id: tenantId,
      plugin_id: 'crm-probe',
      key: `deal:${conversationId}`,
      value: JSON.stringify({ email }),
      bytes: 16,
    });
    await knex('channels_web_conversations').insert({ tenant_id: tenantId, conversation_id: conversationId, visitor_key: visitor });
    // A private note with a file: uploaded like a reply's (so it carries the visitor's key), referenced by the note.
    const upload = await fetch(
      `${host.url}/api/v1/channels/conversations/${conversationId}/attachments?name=${encodeURIComponent(`id of ${email}.png`)}`,
      {
        method: 'POST',
        headers: { authorization: admin.headers.authorization!, 'content-type': 'image/png' },
        body: new Uint8Array(Buffer.concat([PNG_MAGIC, Buffer.from(`photo of ${email}`)])),
      },
    );
    expect(upload.status).to.equal(201);
    const file = (await upload.json()) as { id: string; name: string; contentType: string; size: number; url: string };
    const filed = await fetch(`${host.url}/api/v1/conversations/${conversationId}/notes`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Their ID, for the refund', attachments: [{ ...file, id: undefined, url: `${host.url}${file.url}` }] }),
    });
    expect(filed.status).to.equal(201);
    await knex('channels_threads').insert({
      tenant_id: tenantId,
      conversation_id: conversationId,
      plugin_id: 'acme',
      channel: 'acme',
      last_inbound_at: new Date(),
    });
    await knex('channels_deliveries').insert({
      tenant_id: tenantId,
      message_id: randomUUID(),
      conversation_id: conversationId,
      plugin_id: 'acme',
      channel: 'acme',
      status: 'failed',
      error_message: `no such recipient ${PHONE}`,
    });
    const uploadId = randomUUID();
    await localDiskStore(dir).put(`${tenantId}/${uploadId}`, Buffer.from(`scan of ${email}`));
    await knex('channels_attachments').insert({
      id: uploadId,
      tenant_id: tenantId,
      visitor_key: visitor,
      name: 'passport.png',
      content_type: 'image/png',
      size: 10,
      storage_key: `${tenantId}/${uploadId}`,
    });
    // Analytics folds the inbox's events on its own: wait for the facts, so a dry run and the real erasure see the same rows.
    await waitFor(() => knex('analytics_conversations').where({ conversation_id: conversationId, assignee_id: admin.user.id }).first(), {
      what: 'the analytics facts of the conversation',
      timeoutMs: 30_000,
    });
    await knex('analytics_csat').insert({
      tenant_id: tenantId,
      conversation_id: conversationId,
      cycle: 0,
      score: 2,
      comment: `slow answer, call me at ${PHONE}`,
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
      text: `Hello Jane Erasure, we wrote to ${email}`,
      source: JSON.stringify({ reply: `sent to ${email}` }),
      context: JSON.stringify({ contact: { email } }),
    });
    return { contactId, conversationId };
  }

  const erase = (id: string, query = '', u: TestUser = admin) =>
    fetch(`${host.url}/api/v1/contacts/${id}${query}`, { method: 'DELETE', headers: u.headers });

  /** Rows of any table of the schema, and files of the attachment folder, that hold one of the texts. */
  async function findAnywhere(texts: string[]): Promise<string[]> {
    const { knex } = host.services.db;
    const tables = (await knex('information_schema.tables')
      .where({ table_schema: knex.raw('current_schema()'), table_type: 'BASE TABLE' })
      .pluck('table_name')) as string[];
    const found: string[] = [];
    for (const table of tables) {
      const rows = (
        await knex.raw(`select row_to_json(t)::text as j from "${table}" t where row_to_json(t)::text like any (?)`, [
          texts.map((t) => `%${t}%`),
        ])
      ).rows as { j: string }[];
      for (const { j } of rows) found.push(`${table}: ${j.slice(0, 160)}`);
    }
    const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const f of files) if (f.isFile()) found.push(`file ${path.join(f.parentPath ?? '', f.name)}`);
    return found;
  }

  const totals = (r: ErasureReport, holder: string) => r.holders.find((h) => h.holder === holder)?.counts ?? {};

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bacon-erasure-'));
    host = await startTestHost({
      plugins: [inbox, channelsPlugin({ attachments: localDiskStore(dir) }), analytics, aiAssist, compliance, crm],
    });
    admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
  });
  after(async () => {
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts per holder in a dry run and changes nothing; the real erasure changes exactly that', async () => {
    const email = `dry.${randomUUID().slice(0, 8)}@example.com`;
    const { contactId } = await seedContact(email);
    const before = await findAnywhere([email]);
    const res = await erase(contactId, '?dryRun=true');
    expect(res.status).to.equal(200);
    const dry = (await res.json()) as ErasureReport;
    expect(dry).to.include({ status: 'preview', dryRun: true, mode: 'erase' });
    expect(totals(dry, 'inbox')).to.deep.include({ contacts: 1, conversations: 1, messages: 1, notes: 2 });
    expect(totals(dry, 'plugin_kv')).to.deep.equal({ entries: 1 });
    // Two uploads: the visitor's and the one on the private note.
    expect(totals(dry, 'channels')).to.deep.equal({ threads: 1, deliveries: 1, web_conversations: 1, attachments: 2, transcript_links: 0 });
    expect(totals(dry, 'host_events').events).to.be.greaterThan(0);
    expect(totals(dry, 'analytics')).to.deep.include({ conversations: 1, csat: 1 });
    expect(totals(dry, 'ai_assist')).to.deep.equal({ drafts: 1 });
    expect(await findAnywhere([email])).to.deep.equal(before);
    expect(crmCalls.at(-1)).to.deep.equal({ mode: 'erase', dryRun: true });

    const real = (await (await erase(contactId)).json()) as ErasureReport;
    expect(real.status).to.equal('done');
    expect(real.holders.map((h) => h.counts)).to.deep.equal(dry.holders.map((h) => h.counts));
  });

  it('erases every personal datum of the contact from every table and the attachment folder, once', async () => {
    const email = `erase.${randomUUID().slice(0, 8)}@example.com`;
    const { contactId, conversationId } = await seedContact(email);
    expect((await findAnywhere([email, PHONE, CARD])).length).to.be.greaterThan(5);
    const res = await erase(contactId);
    expect(res.status).to.equal(200);
    const report = (await res.json()) as ErasureReport;
    expect(report.status).to.equal('done');
    expect(report.holders.find((h) => h.holder === 'crm_probe')).to.deep.include({ note: 'forwarded to the CRM' });

    expect(await findAnywhere([email, PHONE, CARD, 'Jane Erasure', 'VIP, writes from'])).to.deep.equal([]);
    const { knex } = host.services.db;
    expect(await knex('inbox_conversations').where({ id: conversationId })).to.have.length(0);
    // The trail: one audit entry and one durable event, with ids and counts only.
    const audit = await knex('audit_log').where({ action: 'contact.erased', target_id: contactId });
    expect(audit).to.have.length(1);
    const event = await knex('host_events').where({ topic: 'contact.erased', key: contactId });
    expect(event).to.have.length(1);
    expect(JSON.stringify(event[0].payload)).to.include(conversationId);

    // Again: a no-op.
    const again = await erase(contactId);
    expect(again.status).to.equal(200);
    expect(((await again.json()) as ErasureReport).status).to.equal('already_done');
    expect(await knex('audit_log').where({ action: 'contact.erased', target_id: contactId })).to.have.length(1);
    expect(await knex('host_events').where({ topic: 'contact.erased', key: contactId })).to.have.length(1);
  });

  it('anonymizes: every row stays for the statistics, no personal datum does', async () => {
    const email = `anon.${randomUUID().slice(0, 8)}@example.com`;
    const { contactId, conversationId } = await seedContact(email);
    const { knex } = host.services.db;
    const countOf = async (table: string) => Number((await knex(table).where({ conversation_id: conversationId }).count({ n: '*' }))[0]!.n);
    const before = {
      messages: await countOf('inbox_messages'),
      notes: await countOf('inbox_notes'),
      deliveries: await countOf('channels_deliveries'),
      csat: await countOf('analytics_csat'),
      drafts: await countOf('ai_assist_drafts'),
    };
    const res = await erase(contactId, '?mode=anonymize');
    expect(res.status).to.equal(200);
    expect(((await res.json()) as ErasureReport).status).to.equal('done');
    expect({
      messages: await countOf('inbox_messages'),
      notes: await countOf('inbox_notes'),
      deliveries: await countOf('channels_deliveries'),
      csat: await countOf('analytics_csat'),
      drafts: await countOf('ai_assist_drafts'),
    }).to.deep.equal(before);
    expect(await knex('inbox_conversations').where({ id: conversationId })).to.have.length(1);
    expect(await findAnywhere([email, PHONE, CARD, 'Jane Erasure', 'VIP, writes from'])).to.deep.equal([]);
    const again = (await (await erase(contactId, '?mode=anonymize')).json()) as ErasureReport;
    expect(again.status).to.equal('already_done');
    // An anonymized contact can still be erased for good.
    const gone = (await (await erase(contactId)).json()) as ErasureReport;
    expect(gone.status).to.equal('done');
    expect(totals(gone, 'inbox')).to.deep.include({ contacts: 1, conversations: 1 });
  });

  it('erases once when two requests arrive together', async () => {
    const email = `twice.${randomUUID().slice(0, 8)}@example.com`;
    const { contactId } = await seedContact(email);
    const answers = await Promise.all([erase(contactId), erase(contactId)]);
    expect(answers.map((r) => r.status)).to.deep.equal([200, 200]);
    const statuses = (await Promise.all(answers.map((r) => r.json() as Promise<ErasureReport>))).map((r) => r.status).sort();
    expect(statuses).to.satisfy((s: string[]) => s.includes('done'));
    expect(await findAnywhere([email, PHONE])).to.deep.equal([]);
    const { knex } = host.services.db;
    expect(await knex('audit_log').where({ action: 'contact.erased', target_id: contactId })).to.have.length(1);
  });

  it('records a failing holder, answers partial, and finishes on the next request', async () => {
    const email = `fail.${randomUUID().slice(0, 8)}@example.com`;
    const { contactId } = await seedContact(email);
    failCrm = true;
    try {
      const first = (await (await erase(contactId)).json()) as ErasureReport;
      expect(first.status).to.equal('partial');
      expect(first.holders.find((h) => h.holder === 'crm_probe')).to.deep.include({ error: 'CRM unreachable' });
      expect(await findAnywhere([email])).to.deep.equal([]);
    } finally {
      failCrm = false;
    }
    const second = (await (await erase(contactId)).json()) as ErasureReport;
    expect(second.status).to.equal('done');
    expect(second.holders.find((h) => h.holder === 'crm_probe')).to.deep.include({ note: 'forwarded to the CRM' });
  });

  it('answers 404 for an unknown contact or another tenant’s, 403 to agents and 400 to an unknown mode', async () => {
    expect((await erase(randomUUID())).status).to.equal(404);
    const { contactId } = await seedContact(`keep.${randomUUID().slice(0, 8)}@example.com`);
    const other = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
    expect((await erase(contactId, '', other)).status).to.equal(404);
    const agent = await createTestUser(host, { role: 'agent', tenantId: admin.user.tenantId });
    expect((await erase(contactId, '', agent)).status).to.equal(403);
    const bad = await erase(contactId, '?mode=shred');
    expect(bad.status).to.equal(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('validation_failed');
  });
});
