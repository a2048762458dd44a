import { expect } from 'chai';
import request from 'supertest';
import { startAutomationHost, createTeam, inbound, type AutomationHost, type Team } from '../support/automation-host.js';

const refundRule = {
  triggers: [{ type: 'message.received', keywords: ['refund'] }],
  conditions: { match: 'all', items: [{ field: 'conversation.channel', op: 'equals', value: 'web' }] },
  actions: [{ type: 'send_message', text: 'Sorry to hear that, {{contact.name}}.' }],
};

describe('automation rule routes', () => {
  let a: AutomationHost;
  let team: Team;
  let http: ReturnType<typeof request>;
  before(async function () {
    this.timeout(180_000); // a PGlite host starts in seconds, in a minute on a machine shared by many test runs
    a = await startAutomationHost();
    team = await createTeam(a.host);
    http = request(a.host.app.callback());
  });
  after(async () => {
    await a?.close();
  });

  describe('POST /api/v1/automation-rules', () => {
    it('creates version 1 of a rule', async () => {
      const res = await http.post('/api/v1/automation-rules').set(team.admin.headers).send({ name: 'refunds', definition: refundRule });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.include({ name: 'refunds', enabled: true, version: 1 });
      expect(res.body.definition).to.deep.equal(refundRule);
    });

    it('refuses a definition the schema refuses, with the field', async () => {
      const res = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({ name: 'bad', definition: { triggers: [{ type: 'message.received' }], actions: [{ type: 'explode' }] } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
    });

    it('refuses a pattern that does not compile', async () => {
      const res = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({ name: 'bad regex', definition: { triggers: [{ type: 'message.received', pattern: '(' }], actions: refundRule.actions } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('automation_pattern_invalid');
      expect(res.body.error.details.field).to.equal('triggers/0/pattern');
    });

    it('refuses an assign action with no target', async () => {
      const res = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({ name: 'no target', definition: { triggers: [{ type: 'conversation.created' }], actions: [{ type: 'assign' }] } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('automation_assign_target_invalid');
    });

    it('refuses a second rule with the same name', async () => {
      const res = await http.post('/api/v1/automation-rules').set(team.admin.headers).send({ name: 'refunds', definition: refundRule });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('automation_rule_name_taken');
    });

    it('is for admins only', async () => {
      const res = await http.post('/api/v1/automation-rules').set(team.agent.headers).send({ name: 'x', definition: refundRule });
      expect(res.status).to.equal(403);
    });
  });

  describe('PATCH /api/v1/automation-rules/:id', () => {
    it('makes a new version on a definition change, not on enable/disable', async () => {
      const created = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({ name: 'versioned', definition: refundRule });
      const id = created.body.id as string;
      const off = await http.patch(`/api/v1/automation-rules/${id}`).set(team.admin.headers).send({ enabled: false });
      expect(off.body).to.include({ enabled: false, version: 1 });
      const changed = await http
        .patch(`/api/v1/automation-rules/${id}`)
        .set(team.admin.headers)
        .send({ definition: { ...refundRule, debounceSeconds: 60 } });
      expect(changed.status, changed.text).to.equal(200);
      expect(changed.body).to.include({ enabled: false, version: 2 });
      const versions = await a.db('automation_rule_versions').where({ rule_id: id }).orderBy('version');
      expect(versions.map((v: { version: number }) => v.version)).to.deep.equal([1, 2]);
    });

    it('never answers a webhook secret, and keeps it when the sentinel comes back', async () => {
      const def = {
        triggers: [{ type: 'conversation.created' }],
        actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 's3cret' }],
      };
      const created = await http.post('/api/v1/automation-rules').set(team.admin.headers).send({ name: 'hooked', definition: def });
      expect(created.body.definition.actions[0].secret).to.equal('__set__');
      const kept = await http
        .patch(`/api/v1/automation-rules/${created.body.id}`)
        .set(team.admin.headers)
        .send({ definition: created.body.definition });
      expect(kept.status, kept.text).to.equal(200);
      const row = await a.db('automation_rules').where({ id: created.body.id }).first();
      const stored = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
      expect(stored.actions[0].secret).to.equal('s3cret');
    });

    it('answers 404 for a rule of another tenant', async () => {
      const other = await createTeam(a.host);
      const created = await http.post('/api/v1/automation-rules').set(other.admin.headers).send({ name: 'theirs', definition: refundRule });
      const res = await http.patch(`/api/v1/automation-rules/${created.body.id}`).set(team.admin.headers).send({ enabled: false });
      expect(res.status).to.equal(404);
      expect((await http.get(`/api/v1/automation-rules/${created.body.id}`).set(team.admin.headers)).status).to.equal(404);
      expect((await http.delete(`/api/v1/automation-rules/${created.body.id}`).set(team.admin.headers)).status).to.equal(404);
      expect((await http.get(`/api/v1/automation-rules/${created.body.id}`).set(other.admin.headers)).status).to.equal(200);
    });
  });

  describe('DELETE /api/v1/automation-rules/:id', () => {
    it('deletes a rule', async () => {
      const created = await http.post('/api/v1/automation-rules').set(team.admin.headers).send({ name: 'doomed', definition: refundRule });
      expect((await http.delete(`/api/v1/automation-rules/${created.body.id}`).set(team.admin.headers)).status).to.equal(204);
      expect((await http.get(`/api/v1/automation-rules/${created.body.id}`).set(team.admin.headers)).status).to.equal(404);
    });
  });

  describe('POST /api/v1/automation-rules/:id/dry-run', () => {
    it('shows what a rule would do on a past conversation, without doing it', async () => {
      const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('My parcel arrived BROKEN'));
      const brokenRule = { ...refundRule, triggers: [{ type: 'message.received', keywords: ['broken'] }] };
      const created = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({ name: 'dry', enabled: false, definition: brokenRule });
      const res = await http
        .post(`/api/v1/automation-rules/${created.body.id}/dry-run`)
        .set(team.admin.headers)
        .send({ conversationId: conversation.id });
      expect(res.status, res.text).to.equal(200);
      expect(res.body.wouldFire).to.equal(true);
      expect(res.body.triggers).to.deep.equal([{ type: 'message.received', matched: true }]);
      expect(res.body.actions).to.deep.equal([{ type: 'send_message', text: 'Sorry to hear that, Ann Visitor.' }]);
      const messages = await a.inbox.listMessagesSince(team.tenantId, conversation.id, 0);
      expect(messages.map((m) => m.authorKind)).to.deep.equal(['contact']);
    });

    it('tries an unsaved definition and says why it would not fire', async () => {
      const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('just saying hi'));
      const res = await http
        .post('/api/v1/automation-rules/dry-run')
        .set(team.admin.headers)
        .send({ conversationId: conversation.id, definition: refundRule });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ wouldFire: false, conditionsMatched: true });
      expect(res.body.actions).to.deep.equal([]);
    });

    it('answers 404 for a conversation of another tenant', async () => {
      const other = await createTeam(a.host);
      const { conversation } = await a.inbox.ingestInbound(other.tenantId, inbound('refund'));
      const res = await http
        .post('/api/v1/automation-rules/dry-run')
        .set(team.admin.headers)
        .send({ conversationId: conversation.id, definition: refundRule });
      expect(res.status).to.equal(404);
    });
  });
});
