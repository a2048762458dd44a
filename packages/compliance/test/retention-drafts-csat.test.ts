import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startTestHost, createTestUser, createTestTenant, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import analytics from '@bacon/plugin-analytics';
import aiAssist from '@bacon/plugin-ai-assist';
import compliance, { type RetentionCount } from '../src/index.js';

const DAY = 86_400_000;

/** The kinds analytics (`csat_comments`) and ai-assist (`ai_drafts`) register, through the compliance routes. */
describe('retention of AI drafts and CSAT comments', () => {
  let host: TestHost;
  let admin: TestUser;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${host.url}/api/v1/compliance/retention${path}`, {
      method,
      headers: { ...admin.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as { policies: RetentionCount[]; kinds: { kind: string; modes: string[] }[] } };
  };
  const rowsOf = (r: { body: { policies: RetentionCount[] } }, kind: string) => r.body.policies.find((p) => p.kind === kind)?.rows;

  async function draft(daysAgo: number) {
    const id = randomUUID();
    await host.services.db.knex('ai_assist_drafts').insert({
      id,
      tenant_id: admin.user.tenantId,
      conversation_id: randomUUID(),
      agent_id: admin.user.id,
      trace_id: randomUUID(),
      kind: 'draft',
      text: `Dear Jane, written ${daysAgo} days ago`,
      source: JSON.stringify({ macro: 'refund' }),
      context: JSON.stringify({ contact: { name: 'Jane' } }),
      prompt_tokens: 120,
      created_at: new Date(Date.now() - daysAgo * DAY),
    });
    return id;
  }
  async function csat(daysAgo: number) {
    const conversationId = randomUUID();
    await host.services.db.knex('analytics_csat').insert({
      tenant_id: admin.user.tenantId,
      conversation_id: conversationId,
      cycle: 0,
      score: 4,
      comment: `Jane here, ${daysAgo} days ago`,
      channel: 'web',
      agent_id: admin.user.id,
      answered_at: new Date(Date.now() - daysAgo * DAY),
    });
    return conversationId;
  }

  before(async () => {
    host = await startTestHost({ plugins: [inbox, analytics, aiAssist, compliance] });
    admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
  });
  after(async () => host?.close());

  it('offers both kinds, csat_comments for anonymizing only', async () => {
    const { body } = await call('GET', '');
    expect(body.kinds.find((k) => k.kind === 'ai_drafts')?.modes).to.deep.equal(['delete', 'anonymize']);
    expect(body.kinds.find((k) => k.kind === 'csat_comments')?.modes).to.deep.equal(['anonymize']);
    const refused = await call('PUT', '', { policies: [{ kind: 'csat_comments', days: 30, mode: 'delete' }] });
    expect(refused.status).to.equal(400);
  });

  it('anonymizes exactly the drafts and comments past their age, keeping the rows and numbers, once', async () => {
    const oldDrafts = [await draft(40), await draft(35)];
    const newDraft = await draft(2);
    const oldCsat = await csat(50);
    const newCsat = await csat(1);
    const put = await call('PUT', '', {
      policies: [
        { kind: 'ai_drafts', days: 30, mode: 'anonymize' },
        { kind: 'csat_comments', days: 30, mode: 'anonymize' },
      ],
    });
    expect(put.status).to.equal(200);
    const preview = await call('GET', '/preview');
    expect([rowsOf(preview, 'ai_drafts'), rowsOf(preview, 'csat_comments')]).to.deep.equal([2, 1]);
    const run = await call('POST', '/run');
    expect([rowsOf(run, 'ai_drafts'), rowsOf(run, 'csat_comments')]).to.deep.equal([2, 1]);

    const { knex } = host.services.db;
    for (const id of oldDrafts) {
      const row = await knex('ai_assist_drafts').where({ id }).first();
      expect(row).to.deep.include({ text: '[removed]', source: null, context: {}, prompt_tokens: 120 });
    }
    expect((await knex('ai_assist_drafts').where({ id: newDraft }).first()).text).to.equal('Dear Jane, written 2 days ago');
    expect(await knex('analytics_csat').where({ conversation_id: oldCsat }).first()).to.deep.include({ comment: null, score: 4 });
    expect((await knex('analytics_csat').where({ conversation_id: newCsat }).first()).comment).to.equal('Jane here, 1 days ago');

    const again = await call('POST', '/run');
    expect([rowsOf(again, 'ai_drafts'), rowsOf(again, 'csat_comments')]).to.deep.equal([0, 0]);
  });

  it('deletes old drafts under a delete policy', async () => {
    const old = await draft(100);
    await call('PUT', '', { policies: [{ kind: 'ai_drafts', days: 90, mode: 'delete' }] });
    const run = await call('POST', '/run');
    expect(rowsOf(run, 'ai_drafts')).to.equal(1);
    expect(await host.services.db.knex('ai_assist_drafts').where({ id: old })).to.have.length(0);
    expect(await host.services.db.knex('ai_assist_drafts').where({ tenant_id: admin.user.tenantId })).to.have.length(3);
  });
});
