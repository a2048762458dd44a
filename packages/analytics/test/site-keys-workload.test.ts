import { expect } from 'chai';
import { startAnalyticsHost, createTeam, caughtUp, snapshot, type AnalyticsTestHost, type Team } from './support/analytics-host.js';
import { InboxStory } from './support/inbox-story.js';

/**
 * Hand-built history (2026-03-02, UTC), two widget site keys and one email conversation:
 *
 * W1 web, site key K1: 09:00 inbound, 09:01 assigned A, 09:05 A replies (FRT 300 s), 09:30 closed (1800 s).
 * W2 web, site key K2: 10:00 inbound, 10:01 assigned B, 10:03 B replies (FRT 180 s), 10:10 assigned A,
 *                      10:20 A replies. Still open, held by A.
 * E1 email, no site key: 11:00 inbound, 11:02 assigned A, 11:10 A replies (FRT 600 s). Still open, held by A.
 */
describe('the site key dimension and agent workload', () => {
  let t: AnalyticsTestHost;
  let team: Team;
  let A: string;
  let B: string;
  const K1 = 'site-key-alpha-0001';
  const K2 = 'site-key-bravo-0002';
  const day = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' };
  const get = (path: string, query: Record<string, string>) =>
    t.http.get(`/api/v1/analytics${path}`).query(query).set(team.agents[0]!.headers);

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 2);
    A = team.agents[0]!.user.id;
    B = team.agents[1]!.user.id;
    const s = new InboxStory(team.tenantId);
    const d = (hms: string) => `2026-03-02T${hms}Z`;
    s.conversation('web', d('09:00:00'), K1).inbound(d('09:00:00')).assign(A, d('09:01:00')).reply(A, d('09:05:00')).close(d('09:30:00'));
    s.conversation('web', d('10:00:00'), K2)
      .inbound(d('10:00:00'))
      .assign(B, d('10:01:00'))
      .reply(B, d('10:03:00'))
      .assign(A, d('10:10:00'))
      .reply(A, d('10:20:00'));
    s.conversation('email', d('11:00:00')).inbound(d('11:00:00')).assign(A, d('11:02:00')).reply(A, d('11:10:00'));
    await s.write(t.db, t.events);
    await caughtUp(t, team.tenantId);
  });

  after(async () => {
    await t?.close();
  });

  describe('groupBy=siteKey', () => {
    it('splits the volume per site key, a conversation without one under ""', async () => {
      const items = (await get('/volume', { ...day, groupBy: 'siteKey' }).expect(200)).body.items;
      const counts = (conversations: number, humanReplies: number, resolved: number) => ({
        conversations,
        inbound: 1,
        humanReplies,
        botReplies: 0,
        firstResponses: 1,
        resolved,
        reopened: 0,
      });
      expect(items).to.deep.equal([
        { bucket: '', ...counts(1, 1, 0) },
        { bucket: K1, ...counts(1, 1, 1) },
        { bucket: K2, ...counts(1, 2, 0) },
      ]);
    });

    it('groups first response times and resolution by site key', async () => {
      const frt = (await get('/first-response', { ...day, groupBy: 'siteKey' }).expect(200)).body.items;
      expect(frt.map((x: { bucket: string; medianSeconds: number }) => [x.bucket, x.medianSeconds])).to.deep.equal([
        ['', 600],
        [K1, 300],
        [K2, 180],
      ]);
      const res = (await get('/resolution', { ...day, groupBy: 'siteKey' }).expect(200)).body.items;
      expect(res.map((x: { bucket: string; opened: number; resolved: number }) => [x.bucket, x.opened, x.resolved])).to.deep.equal([
        ['', 1, 0],
        [K1, 1, 1],
        [K2, 1, 0],
      ]);
    });
  });

  describe('the siteKey filter', () => {
    it('keeps only the conversations of that site key in every report and in the CSV export', async () => {
      expect((await get('/first-response', { ...day, siteKey: K1 }).expect(200)).body.total).to.include({ count: 1, medianSeconds: 300 });
      expect((await get('/resolution', { ...day, siteKey: K1 }).expect(200)).body.total).to.include({ opened: 1, resolved: 1 });
      expect((await get('/volume', { ...day, siteKey: K2 }).expect(200)).body.total).to.include({ conversations: 1, humanReplies: 2 });
      expect((await get('/csat', { ...day, siteKey: K2 }).expect(200)).body.total).to.include({ surveys: 0, responses: 0 });
      const csv = await get('/export.csv', { ...day, siteKey: K2 })
        .buffer(true)
        .parse((res, cb) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => cb(null, text));
        });
      const lines = (csv.body as string).split('\r\n').filter(Boolean);
      expect(lines).to.have.length(2);
      expect(lines[0]!.split(',').at(-1)).to.equal('site_key');
      expect(lines[1]!.split(',').at(-1)).to.equal(K2);
    });

    it('refuses a site key on the AI drafts report, which has no such dimension (400)', async () => {
      const res = await get('/ai-drafts', { ...day, siteKey: K1 }).expect(400);
      expect(res.body.error.code).to.equal('report_option_unsupported');
      await get('/ai-drafts', { ...day, groupBy: 'siteKey' }).expect(400);
      await get('/volume', { ...day, siteKey: '' }).expect(400);
    });
  });

  describe('GET /api/v1/analytics/agents', () => {
    it('gives each agent the conversations open with them now, the assignments in the range and their replies', async () => {
      const items = (await get('/agents', day).expect(200)).body.items;
      // A: holds W2 and E1 now; assigned W1, W2 (from B) and E1; replied in W1, W2, E1; first responses W1 300 s, E1 600 s (mean 450).
      // B: holds nothing now; assigned W2 once; replied once (W2's first response).
      expect(items).to.deep.include.members([
        { agentId: A, open: 2, assigned: 3, humanReplies: 3, firstResponses: 2, resolved: 1, meanFirstResponseSeconds: 450 },
        { agentId: B, open: 0, assigned: 1, humanReplies: 1, firstResponses: 1, resolved: 0, meanFirstResponseSeconds: 180 },
      ]);
      const k2 = (await get('/agents', { ...day, siteKey: K2 }).expect(200)).body.items;
      expect(k2).to.deep.include.members([
        { agentId: A, open: 1, assigned: 1, humanReplies: 1, firstResponses: 0, resolved: 0, meanFirstResponseSeconds: null },
        { agentId: B, open: 0, assigned: 1, humanReplies: 1, firstResponses: 1, resolved: 0, meanFirstResponseSeconds: 180 },
      ]);
    });
  });

  describe('the rebuild', () => {
    it('computes the same site keys and assignments as the consumer', async () => {
      const incremental = await snapshot(t.db, team.tenantId);
      expect(incremental.hourly.map((h) => h.site_key)).to.include.members(['', K1, K2]);
      await t.analytics.rebuild(team.tenantId);
      expect(await snapshot(t.db, team.tenantId)).to.deep.equal(incremental);
    });
  });
});
