import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startTestHost, createTestUser, createTestTenant, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import { definePlugin } from '@bacon/sdk';
import inbox from '@bacon/plugin-inbox';
import compliance, { type RetentionCount } from '../src/index.js';

const DAY = 86_400_000;

describe('retention policies (/api/v1/compliance/retention)', () => {
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  const probe = definePlugin({
    id: 'inbox-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init(ctx) {
      api = ctx.use<InboxApi>('inbox');
    },
  });
  const call = (method: string, path: string, body?: unknown, u: TestUser = admin) =>
    fetch(`${host.url}/api/v1/compliance/retention${path}`, {
      method,
      headers: { ...u.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  /** A closed conversation with one message, closed and written `daysAgo` days ago (backdated rows). */
  async function conversation(daysAgo: number) {
    const tenantId = admin.user.tenantId;
    const r = await api.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: randomUUID(),
      externalMessageId: randomUUID(),
      contact: { externalId: randomUUID(), name: 'Old Timer', email: `old.${randomUUID().slice(0, 6)}@example.com` },
      text: `written ${daysAgo} days ago`,
    });
    const at = new Date(Date.now() - daysAgo * DAY);
    const { knex } = host.services.db;
    await knex('inbox_conversations').where({ id: r.conversation.id }).update({ state: 'closed', closed_at: at });
    await knex('inbox_messages').where({ conversation_id: r.conversation.id }).update({ created_at: at });
    return r.conversation.id;
  }

  before(async () => {
    host = await startTestHost({ plugins: [inbox, compliance, probe] });
    admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
  });
  after(async () => host?.close());

  it('lists the kinds the installed plugins offer', async () => {
    const res = await call('GET', '');
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { policies: unknown[]; kinds: { kind: string; modes: string[] }[] };
    expect(body.policies).to.deep.equal([]);
    expect(body.kinds.map((k) => k.kind)).to.include.members(['audit_log', 'events', 'closed_conversations', 'messages']);
  });

  it('refuses an unknown kind, a mode its owner does not support and a bad number of days, storing nothing', async () => {
    for (const policies of [
      [{ kind: 'faxes', days: 30, mode: 'delete' }],
      [{ kind: 'messages', days: 0, mode: 'delete' }],
      [{ kind: 'messages', days: 30, mode: 'shred' }],
      [
        { kind: 'messages', days: 30, mode: 'delete' },
        { kind: 'messages', days: 60, mode: 'delete' },
      ],
    ]) {
      const res = await call('PUT', '', { policies });
      expect(res.status, JSON.stringify(policies)).to.equal(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.match(/^(invalid_input|validation_failed)$/);
    }
    expect(((await (await call('GET', '')).json()) as { policies: unknown[] }).policies).to.deep.equal([]);
  });

  it('previews exactly what a run then removes, on rows older than the policy only', async () => {
    const old = [await conversation(40), await conversation(35)];
    const recent = await conversation(5);
    const put = await call('PUT', '', { policies: [{ kind: 'closed_conversations', days: 30, mode: 'delete' }] });
    expect(put.status).to.equal(200);
    const preview = (await (await call('GET', '/preview')).json()) as { policies: RetentionCount[] };
    expect(preview.policies).to.have.length(1);
    expect(preview.policies[0]).to.include({ kind: 'closed_conversations', days: 30, mode: 'delete', rows: 2 });

    const metric = () => host.services.metrics.registry.getSingleMetric('bacon_compliance_retention_rows_total')!.get();
    const run = (await (await call('POST', '/run')).json()) as { policies: RetentionCount[] };
    expect(run.policies[0]).to.include({ kind: 'closed_conversations', rows: 2 });
    const { knex } = host.services.db;
    expect(await knex('inbox_conversations').whereIn('id', old)).to.have.length(0);
    expect(await knex('inbox_conversations').where({ id: recent })).to.have.length(1);
    const values = (await metric()).values.filter((v) => v.labels.kind === 'closed_conversations' && v.labels.mode === 'delete');
    expect(values.reduce((n, v) => n + v.value, 0)).to.equal(2);
    // Idempotent: nothing left to do.
    const again = (await (await call('POST', '/run')).json()) as { policies: RetentionCount[] };
    expect(again.policies[0]!.rows).to.equal(0);
  });

  it('anonymizes messages past their age and keeps the rows', async () => {
    const oldConversation = await conversation(100);
    const recent = await conversation(1);
    await call('PUT', '', { policies: [{ kind: 'messages', days: 90, mode: 'anonymize' }] });
    const preview = (await (await call('GET', '/preview')).json()) as { policies: RetentionCount[] };
    expect(preview.policies[0]!.rows).to.equal(1);
    await call('POST', '/run');
    const { knex } = host.services.db;
    const [old] = await knex('inbox_messages').where({ conversation_id: oldConversation });
    expect(old.body).to.equal('[removed]');
    const [kept] = await knex('inbox_messages').where({ conversation_id: recent });
    expect(kept.body).to.equal('written 1 days ago');
  });

  it('ages out audit entries, which the append-only log allows only to retention', async () => {
    const { knex } = host.services.db;
    const tenantId = admin.user.tenantId;
    const id = randomUUID();
    await knex('audit_log').insert({
      id,
      tenant_id: tenantId,
      action: 'user.created',
      after: JSON.stringify({ email: 'x@example.com' }),
      created_at: new Date(Date.now() - 400 * DAY),
    });
    await call('PUT', '', { policies: [{ kind: 'audit_log', days: 365, mode: 'delete' }] });
    const run = (await (await call('POST', '/run')).json()) as { policies: RetentionCount[] };
    expect(run.policies[0]!.rows).to.equal(1);
    expect(await knex('audit_log').where({ id })).to.have.length(0);
    expect(await knex('audit_log').where({ tenant_id: tenantId, action: 'compliance.retention.applied' })).to.have.length.greaterThan(0);
  });

  it('is for admins only', async () => {
    const agent = await createTestUser(host, { role: 'agent', tenantId: admin.user.tenantId });
    expect((await call('GET', '', undefined, agent)).status).to.equal(403);
    expect((await call('POST', '/run', undefined, agent)).status).to.equal(403);
  });
});
