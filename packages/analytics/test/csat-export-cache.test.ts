import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import { startAnalyticsHost, createTeam, caughtUp, type AnalyticsTestHost, type Team } from './support/analytics-host.js';

describe('CSAT answers, the CSV export and the report cache', () => {
  let t: AnalyticsTestHost;
  let team: Team;
  let closedId: string;
  let openId: string;
  const range = () => ({ from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() });

  const inbound = (n: number) => ({
    channel: 'web',
    externalConversationId: `c-${n}`,
    externalMessageId: `m-${n}-${Math.random()}`,
    contact: { externalId: `contact-${n}` },
    text: 'hello',
  });

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 1);
    const agent = team.agents[0]!.user.id;
    closedId = (await t.inbox.ingestInbound(team.tenantId, inbound(1))).conversation.id;
    await t.inbox.assign(team.tenantId, closedId, { agentId: agent });
    await t.inbox.sendAgentMessage(team.tenantId, closedId, { authorId: agent, text: 'Fixed.' });
    await t.inbox.transition(team.tenantId, closedId, 'closed');
    openId = (await t.inbox.ingestInbound(team.tenantId, inbound(2))).conversation.id;
    await caughtUp(t, team.tenantId);
  });

  after(async () => {
    await t?.close();
  });

  const agentHeaders = () => team.agents[0]!.headers;

  describe('POST /api/v1/analytics/csat', () => {
    it("stores the answer for the conversation's latest resolution, once", async () => {
      const res = await t.http
        .post('/api/v1/analytics/csat')
        .set(agentHeaders())
        .send({ conversationId: closedId, score: 2, comment: '=HYPERLINK("http://evil.example","click")' })
        .expect(201);
      expect(res.body).to.include({ conversationId: closedId, cycle: 0, score: 2 });
      const again = await t.http
        .post('/api/v1/analytics/csat')
        .set(agentHeaders())
        .send({ conversationId: closedId, score: 5 })
        .expect(409);
      expect(again.body.error.code).to.equal('csat_already_answered');
    });

    it('refuses an open conversation (409), an unknown one (404) and a score outside 1-5 (400)', async () => {
      const open = await t.http.post('/api/v1/analytics/csat').set(agentHeaders()).send({ conversationId: openId, score: 4 }).expect(409);
      expect(open.body.error.code).to.equal('conversation_not_resolved');
      await t.http
        .post('/api/v1/analytics/csat')
        .set(agentHeaders())
        .send({ conversationId: '00000000-0000-4000-8000-000000000000', score: 4 })
        .expect(404);
      await t.http.post('/api/v1/analytics/csat').set(agentHeaders()).send({ conversationId: closedId, score: 6 }).expect(400);
    });

    it('shows in the CSAT report: one answer, and no survey sent (not a web conversation)', async () => {
      const res = await t.http.get('/api/v1/analytics/csat').query(range()).set(agentHeaders()).expect(200);
      expect(res.body.total).to.deep.equal({ surveys: 0, responses: 1, responseRate: null, average: 2, scores: [0, 1, 0, 0, 0] });
    });
  });

  describe('GET /api/v1/analytics/export.csv', () => {
    it('streams one line per cycle with formula injection neutralised', async () => {
      const res = await t.http
        .get('/api/v1/analytics/export.csv')
        .query(range())
        .set(agentHeaders())
        .buffer(true)
        .parse((r, cb) => {
          let text = '';
          r.on('data', (c: Buffer) => (text += c.toString()));
          r.on('end', () => cb(null, text));
        });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      const lines = (res.body as string).split('\r\n').filter(Boolean);
      expect(lines[0]).to.match(/^conversation_id,cycle,channel,opened_at/);
      expect(lines).to.have.length(3);
      const rated = lines.find((l) => l.startsWith(closedId))!;
      // The score, the neutralised comment, then the site key (none: not a widget conversation).
      expect(rated.endsWith(`,2,"'=HYPERLINK(""http://evil.example"",""click"")",`)).to.equal(true);
    });

    it('answers a bad query with a JSON 400', async () => {
      const res = await t.http
        .get('/api/v1/analytics/export.csv')
        .query({ ...range(), tz: 'Nowhere/Land' })
        .set(agentHeaders())
        .expect(400);
      expect(res.body.error.code).to.equal('invalid_time_zone');
    });
  });

  describe('the report cache', () => {
    it('answers a repeated query from the cache and drops it when a new event is applied', async () => {
      const q = range();
      const first = await t.http.get('/api/v1/analytics/volume').query(q).set(agentHeaders()).expect(200);
      expect(first.headers['x-analytics-cache']).to.equal('miss');
      const second = await t.http.get('/api/v1/analytics/volume').query(q).set(agentHeaders()).expect(200);
      expect(second.headers['x-analytics-cache']).to.equal('hit');
      expect(second.body).to.deep.equal(first.body);
      await t.inbox.ingestInbound(team.tenantId, inbound(3));
      const fresh = await waitFor(
        async () => {
          const res = await t.http.get('/api/v1/analytics/volume').query(q).set(agentHeaders()).expect(200);
          return res.body.total.conversations === first.body.total.conversations + 1 ? res : undefined;
        },
        { what: 'the new conversation in the volume report' },
      );
      expect(fresh.headers['x-analytics-cache']).to.equal('miss');
    });
  });
});
