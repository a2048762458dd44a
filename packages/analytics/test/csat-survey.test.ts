import { expect } from 'chai';
import { createTestVisitor, type TestVisitor } from '@bacon/host/testing';
import { DEFAULT_CSAT_QUESTION } from '@bacon/analytics-contract';
import { startAnalyticsHost, createTeam, caughtUp, snapshot, type AnalyticsTestHost, type Team } from './support/analytics-host.js';

describe('CSAT surveys on close, answered from the widget', () => {
  let t: AnalyticsTestHost;
  let team: Team;
  let visitor: TestVisitor;
  let quiet: TestVisitor;

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 1);
    visitor = await createTestVisitor(t.host, { tenantId: team.tenantId });
    quiet = await createTestVisitor(t.host, { tenantId: team.tenantId, origin: 'https://quiet.test' });
  });

  after(async () => {
    await t?.close();
  });

  const agentHeaders = () => team.agents[0]!.headers;

  /** A web conversation of `v` (its first message carries the site key, as the web channel sends it), answered and closed. */
  async function closedWebConversation(v: TestVisitor, tag: string): Promise<string> {
    const { conversation } = await t.inbox.ingestInbound(team.tenantId, {
      channel: 'web',
      externalConversationId: `${tag}-${v.visitor.id}`,
      externalMessageId: `${tag}-${v.visitor.id}-1`,
      contact: { externalId: `v:${v.visitor.id}` },
      text: 'Where is my parcel?',
      metadata: { siteKey: v.visitor.siteKey },
    });
    const agentId = team.agents[0]!.user.id;
    await t.inbox.assign(team.tenantId, conversation.id, { agentId });
    await t.inbox.sendAgentMessage(team.tenantId, conversation.id, { authorId: agentId, text: 'On its way.' });
    await t.inbox.transition(team.tenantId, conversation.id, 'closed');
    await caughtUp(t, team.tenantId);
    return conversation.id;
  }

  const eventsOf = (topic: string, conversationId: string) =>
    t.db('host_events').where({ tenant_id: team.tenantId, topic, key: conversationId }).orderBy('id');

  describe('GET and POST /widget/v1/csat/:conversationId', () => {
    let id: string;

    before(async () => {
      id = await closedWebConversation(visitor, 'survey');
    });

    it('shows the survey sent on close (csat.requested) to the visitor who owns the conversation', async () => {
      const [requested] = await eventsOf('csat.requested', id);
      expect(requested?.payload).to.include({ tenantId: team.tenantId, conversationId: id, cycle: 0, siteKey: visitor.visitor.siteKey });
      const res = await t.http.get(`/widget/v1/csat/${id}`).set(visitor.headers).expect(200);
      expect(res.body).to.deep.equal({ survey: { conversationId: id, cycle: 0, question: DEFAULT_CSAT_QUESTION, answer: null } });
      // Another visitor does not see it.
      await t.http.get(`/widget/v1/csat/${id}`).set(quiet.headers).expect(404);
    });

    it('records the answer once (the same answer again is 200), refuses a different one (409) and bad input (400)', async () => {
      await t.http.post(`/widget/v1/csat/${id}`).set(visitor.headers).send({ rating: 6 }).expect(400);
      await t.http.post(`/widget/v1/csat/${id}`).set(visitor.headers).send({ rating: 4, extra: 1 }).expect(400);
      await t.http.post(`/widget/v1/csat/${id}`).send({ rating: 4 }).expect(401);
      await t.http.post(`/widget/v1/csat/${id}`).set(quiet.headers).send({ rating: 4 }).expect(404);
      const first = await t.http.post(`/widget/v1/csat/${id}`).set(visitor.headers).send({ rating: 4, comment: ' Quick ' }).expect(201);
      expect(first.body).to.include({ conversationId: id, cycle: 0, score: 4, comment: 'Quick' });
      const again = await t.http.post(`/widget/v1/csat/${id}`).set(visitor.headers).send({ rating: 4, comment: 'Quick' }).expect(200);
      expect(again.body).to.deep.equal(first.body);
      const other = await t.http.post(`/widget/v1/csat/${id}`).set(visitor.headers).send({ rating: 1 }).expect(409);
      expect(other.body.error.code).to.equal('csat_already_answered');
      const shown = await t.http.get(`/widget/v1/csat/${id}`).set(visitor.headers).expect(200);
      expect(shown.body.survey.answer).to.deep.equal({ rating: 4, comment: 'Quick', answeredAt: first.body.answeredAt });
    });

    it('appends csat.answered once, with the contact', async () => {
      const answered = await eventsOf('csat.answered', id);
      expect(answered).to.have.length(1);
      const conv = await t.inbox.getConversation(team.tenantId, id);
      expect(answered[0].payload).to.deep.equal({
        tenantId: team.tenantId,
        conversationId: id,
        contactId: conv!.contactId,
        rating: 4,
        comment: 'Quick',
        answeredAt: answered[0].payload.answeredAt,
      });
    });

    it("shows the answer on the conversation for agents, and in the CSAT report's response rate", async () => {
      const res = await t.http.get(`/api/v1/analytics/conversations/${id}/csat`).set(agentHeaders()).expect(200);
      expect(res.body.answers).to.have.length(1);
      expect(res.body.answers[0]).to.include({ cycle: 0, score: 4, comment: 'Quick' });
      const from = new Date(Date.now() - 3_600_000).toISOString();
      const to = new Date(Date.now() + 3_600_000).toISOString();
      const report = await t.http.get('/api/v1/analytics/csat').query({ from, to }).set(agentHeaders()).expect(200);
      expect(report.body.total).to.deep.equal({ surveys: 1, responses: 1, responseRate: 1, average: 4, scores: [0, 0, 0, 1, 0] });
    });
  });

  describe('the per site key setting', () => {
    it("asks the settings' question, and sends no survey for a site key whose surveys are off", async () => {
      await t.http
        .put('/api/v1/plugins/analytics/settings')
        .set(team.admin.headers)
        .send({ csat: { question: 'Did we help?', siteKeys: { [quiet.visitor.siteKey]: { enabled: false } } } })
        .expect(200);
      const on = await closedWebConversation(visitor, 'asked');
      const off = await closedWebConversation(quiet, 'off');
      // The same path surveyed the other site key's close: its absence here is the setting's doing.
      expect((await eventsOf('csat.requested', on))[0]?.payload.question).to.equal('Did we help?');
      expect(await eventsOf('csat.requested', off)).to.have.length(0);
      await t.http.get(`/widget/v1/csat/${off}`).set(quiet.headers).expect(404);
      await t.http.post(`/widget/v1/csat/${off}`).set(quiet.headers).send({ rating: 5 }).expect(404);
    });
  });

  describe('the rebuild', () => {
    it('keeps the surveys and the site keys through a rebuild, which equals the incremental result', async () => {
      const before = await snapshot(t.db, team.tenantId);
      expect(before.conversations.map((c) => c.site_key)).to.include(quiet.visitor.siteKey);
      const requests = await t.db('analytics_csat_requests').where({ tenant_id: team.tenantId }).orderBy(['conversation_id', 'cycle']);
      await t.analytics.rebuild(team.tenantId);
      expect(await snapshot(t.db, team.tenantId)).to.deep.equal(before);
      expect(await t.db('analytics_csat_requests').where({ tenant_id: team.tenantId }).orderBy(['conversation_id', 'cycle'])).to.deep.equal(
        requests,
      );
    });
  });
});
