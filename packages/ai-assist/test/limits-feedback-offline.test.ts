import { expect } from 'chai';
import nock from 'nock';
import { createTestUser } from '@bacon/host/testing';
import {
  startAssistHost,
  createTeam,
  configure,
  conversationWith,
  agentReply,
  type AssistTestHost,
  type Team,
} from './support/assist-host.js';

const OPENAI = 'https://llm.example.test';

describe('AI assist: offline suggestions, limits, budget and feedback', function () {
  this.timeout(120000);
  let t: AssistTestHost;

  before(async () => {
    t = await startAssistHost({ agentRate: { points: 3, duration: 60 }, tenantRate: { points: 1000, duration: 60 } });
  });
  after(async () => t?.close());

  describe('the offline default (no provider set)', () => {
    let team: Team;
    before(async () => {
      team = await createTeam(t.host);
    });

    it('proposes the best-matching macro as a suggestion, never calling a provider', async () => {
      for (const [name, body] of [
        ['Refund policy', 'Hi {{contact.name}}, refunds reach your card within 5 working days after we receive the parcel.'],
        ['Shipping delay', 'Sorry {{contact.name}}, parcels are delayed this week by the carrier.'],
        ['Password reset', 'Use the "forgot password" link on the sign-in page.'],
      ])
        expect((await t.http.post('/api/v1/macros').set(team.admin.headers).send({ name, body })).status).to.equal(201);
      const id = await conversationWith(t, team.tenantId, ['Hello, when will my refund reach my card? I sent the parcel back.']);
      const res = await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.agent.headers).send({});
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.include({ kind: 'suggestion', provider: null, model: null });
      expect(res.body.source).to.deep.include({ type: 'macro', name: 'Refund policy' });
      expect(res.body.text).to.equal('Hi Grace Hopper, refunds reach your card within 5 working days after we receive the parcel.');
      expect(res.body.usage).to.deep.include({ promptTokens: 0, completionTokens: 0 });
      expect(await t.db('ai_assist_drafts').where({ id: res.body.id }).first('kind')).to.deep.equal({ kind: 'suggestion' });
    });

    it("proposes the agent's reply to the most similar past message, its personal data masked", async () => {
      const past = await conversationWith(t, team.tenantId, ['My invoice shows the wrong VAT number, can you fix the invoice?']);
      await agentReply(
        t,
        team.tenantId,
        past,
        team.agent.user.id,
        'I corrected the VAT number; the new invoice went to old.customer@example.net.',
      );
      const id = await conversationWith(t, team.tenantId, ['The VAT number on my invoice is wrong']);
      const res = await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.admin.headers).send({});
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.kind).to.equal('suggestion');
      expect(res.body.source).to.deep.include({ type: 'reply', conversationId: past });
      expect(res.body.text).to.equal('I corrected the VAT number; the new invoice went to [email].');
    });

    it('answers an empty suggestion when nothing matches', async () => {
      const id = await conversationWith(t, team.tenantId, ['zzqx']);
      const res = await t.http.post(`/api/v1/conversations/${id}/draft/stream`).set(team.admin.headers).send({});
      expect(res.status).to.equal(200);
      expect(res.text).to.include('event: done');
      expect(res.text).to.include('"kind":"suggestion"').and.include('"source":null');
    });

    it('answers 404 for a conversation of another tenant', async () => {
      const other = await createTeam(t.host);
      const id = await conversationWith(t, other.tenantId, ['refund please']);
      const res = await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.admin.headers).send({});
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    });
  });

  describe('rate limits', () => {
    it('refuses an agent past the per-agent limit with a 429 and Retry-After, other agents still served', async () => {
      const team = await createTeam(t.host);
      const id = await conversationWith(t, team.tenantId, ['refund']);
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.agent.headers).send({})).status);
      expect(codes).to.deep.equal([200, 200, 200, 429]);
      const refused = await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.agent.headers).send({});
      expect(refused.status).to.equal(429);
      expect(refused.body.error.code).to.equal('rate_limited');
      expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);
      const colleague = await createTestUser(t.host, { role: 'agent', tenantId: team.tenantId });
      expect((await t.http.post(`/api/v1/conversations/${id}/draft`).set(colleague.headers).send({})).status).to.equal(200);
    });
  });

  describe('the monthly token budget', () => {
    it('refuses drafts once the tenant spent its tokens this month, with a clear 429', async () => {
      const team = await createTeam(t.host);
      await configure(t, team, {
        provider: 'openai',
        baseUrl: `${OPENAI}/v1`,
        model: 'gpt-test',
        apiKey: 'k',
        monthlyTokenBudget: 1000,
        enricherBudgetMs: 100,
      });
      const id = await conversationWith(t, team.tenantId, ['Where is my parcel?']);
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(200, { choices: [{ message: { content: 'On its way.' } }], usage: { prompt_tokens: 950, completion_tokens: 60 } });
      expect((await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.agent.headers).send({})).status).to.equal(200);
      const res = await t.http.post(`/api/v1/conversations/${id}/draft`).set(team.admin.headers).send({});
      expect(res.status).to.equal(429);
      expect(res.body.error.code).to.equal('ai_token_budget_spent');
      expect(res.body.error.message).to.match(/used 1010 of its 1000 AI tokens this month; drafts resume on \d{4}-\d{2}-01/);
      expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
      // Another tenant's budget is its own.
      const other = await createTeam(t.host);
      expect(
        (
          await t.http
            .post(`/api/v1/conversations/${await conversationWith(t, other.tenantId, ['hi'])}/draft`)
            .set(other.agent.headers)
            .send({})
        ).status,
      ).to.equal(200);
    });
  });

  describe('POST /drafts/:id/feedback', () => {
    let team: Team;
    let conversationId: string;
    // Each draft by a new agent: the per-agent limit of this host is 3.
    const draft = async () => {
      const agent = await createTestUser(t.host, { role: 'agent', tenantId: team.tenantId });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(agent.headers).send({});
      expect(res.status).to.equal(200);
      return res.body.id as string;
    };
    before(async () => {
      team = await createTeam(t.host);
      conversationId = await conversationWith(t, team.tenantId, ['refund']);
    });

    it('stores an edited outcome with its distance and appends ai.draft.feedback in the same transaction', async () => {
      const id = await draft();
      const res = await t.http.post(`/api/v1/drafts/${id}/feedback`).set(team.agent.headers).send({ outcome: 'edited', editDistance: 12 });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      const row = await t.db('ai_assist_drafts').where({ id }).first();
      expect(row).to.deep.include({ feedback: 'edited', edit_distance: 12, feedback_by: team.agent.user.id });
      const events = await t.db('host_events').where({ tenant_id: team.tenantId, topic: 'ai.draft.feedback' });
      expect(events).to.have.length(1);
      const payload = typeof events[0].payload === 'string' ? JSON.parse(events[0].payload) : events[0].payload;
      expect(payload).to.deep.equal({
        tenantId: team.tenantId,
        draftId: id,
        conversationId,
        agentId: team.agent.user.id,
        outcome: 'edited',
        editDistance: 12,
        at: new Date(row.feedback_at).toISOString(),
      });
      expect(events[0].key).to.equal(conversationId);
    });

    it('takes accepted and rejected without a distance, once per draft', async () => {
      const a = await draft();
      expect((await t.http.post(`/api/v1/drafts/${a}/feedback`).set(team.agent.headers).send({ outcome: 'accepted' })).status).to.equal(
        201,
      );
      const again = await t.http.post(`/api/v1/drafts/${a}/feedback`).set(team.agent.headers).send({ outcome: 'rejected' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('ai_feedback_already_recorded');
      const r = await draft();
      expect((await t.http.post(`/api/v1/drafts/${r}/feedback`).set(team.agent.headers).send({ outcome: 'rejected' })).status).to.equal(
        201,
      );
      expect((await t.db('ai_assist_drafts').where({ id: r }).first('feedback')).feedback).to.equal('rejected');
    });

    it("refuses bad feedback with a 4xx: edited without a distance, an unknown outcome, another tenant's draft", async () => {
      const id = await draft();
      const noDistance = await t.http.post(`/api/v1/drafts/${id}/feedback`).set(team.agent.headers).send({ outcome: 'edited' });
      expect(noDistance.status).to.equal(400);
      expect(noDistance.body.error.code).to.equal('ai_edit_distance_required');
      const unknown = await t.http.post(`/api/v1/drafts/${id}/feedback`).set(team.agent.headers).send({ outcome: 'loved' });
      expect(unknown.status).to.equal(400);
      const other = await createTeam(t.host);
      const foreign = await t.http.post(`/api/v1/drafts/${id}/feedback`).set(other.agent.headers).send({ outcome: 'accepted' });
      expect(foreign.status).to.equal(404);
      expect((await t.db('ai_assist_drafts').where({ id }).first('feedback')).feedback).to.equal(null);
    });
  });
});
