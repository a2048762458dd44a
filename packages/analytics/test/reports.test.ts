import { expect } from 'chai';
import { startAnalyticsHost, createTeam, caughtUp, snapshot, type AnalyticsTestHost, type Team } from './support/analytics-host.js';
import { InboxStory } from './support/inbox-story.js';

/**
 * Hand-built history (2026-03-02, a Monday, UTC), every expected number worked out below:
 *
 * C1 web:   09:00 inbound, 09:00:10 bot (does not stop the clock), 09:01 assigned A, 09:05 A replies
 *           (FRT 300 s), 09:30 closed (resolution 1800 s from 09:00).
 * C2 email: 10:00 inbound, 10:00:30 assigned B, 10:02 B replies (FRT 120 s), 11:00 closed (3600 s),
 *           12:00 reopened to B (a new cycle opens at 12:00), 12:00 inbound, 12:10 B replies (FRT 600 s),
 *           12:20 closed (1200 s from the reopen).
 * C3 web:   agent-started: 13:00 A writes, 13:05 contact answers, 13:06 A replies: no FRT at all.
 * C4 web:   14:00 inbound, 14:01 system message, 14:02 bot: still waiting, no FRT, unresolved.
 */
describe('analytics reports on hand-built fixtures', () => {
  let t: AnalyticsTestHost;
  let team: Team;
  let dst: Team;
  let A: string;
  let B: string;

  const day = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' };
  const get = (path: string, query: Record<string, string>, as = team) =>
    t.http.get(`/api/v1/analytics${path}`).query(query).set(as.agents[0]!.headers);

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 2);
    dst = await createTeam(t.host, 1);
    A = team.agents[0]!.user.id;
    B = team.agents[1]!.user.id;
    const s = new InboxStory(team.tenantId);
    const d = (hms: string) => `2026-03-02T${hms}Z`;
    s.conversation('web', d('09:00:00'))
      .inbound(d('09:00:00'))
      .message('bot', d('09:00:10'))
      .assign(A, d('09:01:00'))
      .reply(A, d('09:05:00'))
      .close(d('09:30:00'));
    s.conversation('email', d('10:00:00'))
      .inbound(d('10:00:00'))
      .assign(B, d('10:00:30'))
      .reply(B, d('10:02:00'))
      .close(d('11:00:00'))
      .transition('assigned', d('12:00:00'))
      .inbound(d('12:00:00'))
      .reply(B, d('12:10:00'))
      .close(d('12:20:00'));
    s.conversation('web', d('13:00:00')).reply(A, d('13:00:00')).inbound(d('13:05:00')).reply(A, d('13:06:00'));
    s.conversation('web', d('14:00:00')).inbound(d('14:00:00')).message('system', d('14:01:00')).message('bot', d('14:02:00'));
    await s.write(t.db, t.events);

    // Europe/Paris leaves CET (+01) for CEST (+02) at 2026-03-29 01:00 UTC.
    const p = new InboxStory(dst.tenantId);
    const agent = dst.agents[0]!.user.id;
    // D1: 23:50 CET on the 28th -> reply 00:10 CET on the 29th (FRT 1200 s).
    p.conversation('web', '2026-03-28T22:50:00Z').inbound('2026-03-28T22:50:00Z').reply(agent, '2026-03-28T23:10:00Z');
    // D2: 01:30 CET -> reply 03:30 CEST, across the gap (FRT 3600 s).
    p.conversation('web', '2026-03-29T00:30:00Z').inbound('2026-03-29T00:30:00Z').reply(agent, '2026-03-29T01:30:00Z');
    // D3: 00:30 CEST on the 30th -> reply 00:40 CEST (FRT 600 s); still the 29th in UTC.
    p.conversation('web', '2026-03-29T22:30:00Z').inbound('2026-03-29T22:30:00Z').reply(agent, '2026-03-29T22:40:00Z');
    await p.write(t.db, t.events);
    await caughtUp(t, team.tenantId);
    await caughtUp(t, dst.tenantId);
  });

  after(async () => {
    await t?.close();
  });

  describe('GET /api/v1/analytics/first-response', () => {
    it('runs from the first inbound (or the reopen) to the first human reply; bots and agent-started conversations do not count', async () => {
      const res = await get('/first-response', day).expect(200);
      // [120, 300, 600]: median 300; p90 at rank 0.9 * 2 = 1.8 -> 300 + 0.8 * 300 = 540; mean 1020 / 3 = 340.
      expect(res.body.total).to.deep.equal({ count: 3, medianSeconds: 300, p90Seconds: 540, meanSeconds: 340 });
    });

    it('groups by responding agent and by channel', async () => {
      const byAgent = (await get('/first-response', { ...day, groupBy: 'agent' }).expect(200)).body.items;
      // B: [120, 600] -> median 360, p90 120 + 0.9 * 480 = 552, mean 360.
      expect(byAgent).to.deep.include.members([
        { bucket: A, count: 1, medianSeconds: 300, p90Seconds: 300, meanSeconds: 300 },
        { bucket: B, count: 2, medianSeconds: 360, p90Seconds: 552, meanSeconds: 360 },
      ]);
      const byChannel = (await get('/first-response', { ...day, groupBy: 'channel' }).expect(200)).body.items;
      expect(byChannel.map((r: { bucket: string; count: number }) => [r.bucket, r.count])).to.deep.equal([
        ['email', 2],
        ['web', 1],
      ]);
      const onlyB = (await get('/first-response', { ...day, agentId: B }).expect(200)).body.total;
      expect(onlyB.count).to.equal(2);
    });

    it('buckets days in the asked time zone, across a DST change', async () => {
      const range = { from: '2026-03-28T00:00:00+01:00', to: '2026-03-31T00:00:00+02:00', groupBy: 'day' };
      const paris = (await get('/first-response', { ...range, tz: 'Europe/Paris' }, dst).expect(200)).body.items;
      // Paris: 29th [1200, 3600] -> median 2400, p90 1200 + 0.9 * 2400 = 3360; 30th [600].
      expect(paris).to.deep.equal([
        { bucket: '2026-03-29T00:00', count: 2, medianSeconds: 2400, p90Seconds: 3360, meanSeconds: 2400 },
        { bucket: '2026-03-30T00:00', count: 1, medianSeconds: 600, p90Seconds: 600, meanSeconds: 600 },
      ]);
      const utc = (await get('/first-response', { ...range, tz: 'UTC' }, dst).expect(200)).body.items;
      // UTC: 28th [1200]; 29th [3600, 600] -> median 2100, p90 600 + 0.9 * 3000 = 3300.
      expect(utc).to.deep.equal([
        { bucket: '2026-03-28T00:00', count: 1, medianSeconds: 1200, p90Seconds: 1200, meanSeconds: 1200 },
        { bucket: '2026-03-29T00:00', count: 2, medianSeconds: 2100, p90Seconds: 3300, meanSeconds: 2100 },
      ]);
    });
  });

  describe('GET /api/v1/analytics/resolution', () => {
    it('counts cycles: a reopen opens a new one, the closed one stays resolved and is marked reopened', async () => {
      const res = await get('/resolution', day).expect(200);
      // Cycles C1, C2#0, C2#1, C3, C4: 5 opened, 3 resolved [1800, 3600, 1200], C2#0 reopened.
      // median 1800; p90 1800 + 0.8 * 1800 = 3240; mean 6600 / 3 = 2200.
      expect(res.body.total).to.deep.equal({
        opened: 5,
        resolved: 3,
        reopened: 1,
        resolutionRate: 0.6,
        medianSeconds: 1800,
        p90Seconds: 3240,
        meanSeconds: 2200,
      });
    });
  });

  describe('GET /api/v1/analytics/volume', () => {
    it('sums the hourly rollup', async () => {
      const res = await get('/volume', day).expect(200);
      // inbound: C1 1 + C2 2 + C3 1 + C4 1; human: C1 1 + C2 2 + C3 2; bot: C1 1 + C4 1.
      expect(res.body.total).to.deep.equal({
        conversations: 4,
        inbound: 5,
        humanReplies: 5,
        botReplies: 2,
        firstResponses: 3,
        resolved: 3,
        reopened: 1,
      });
    });

    it('groups by hour of day in the asked time zone, across a DST change', async () => {
      const range = { from: '2026-03-28T00:00:00Z', to: '2026-03-31T00:00:00Z', groupBy: 'hourOfDay' };
      const inboundBy = async (tz: string) =>
        Object.fromEntries(
          (await get('/volume', { ...range, tz }, dst).expect(200)).body.items
            .filter((r: { inbound: number }) => r.inbound)
            .map((r: { bucket: string; inbound: number }) => [r.bucket, r.inbound]),
        );
      // Inbound at 22:50Z (23 CET), 00:30Z (01 CET), 22:30Z (00 CEST).
      expect(await inboundBy('Europe/Paris')).to.deep.equal({ '00': 1, '01': 1, '23': 1 });
      expect(await inboundBy('UTC')).to.deep.equal({ '00': 1, '22': 2 });
      const heat = (await get('/volume/heatmap', { ...range, tz: 'Europe/Paris' }, dst).expect(200)).body.cells;
      // Saturday 23h, Sunday 01h, Monday 00h (ISO weekdays 6, 7, 1).
      expect(
        heat.filter((c: { inbound: number }) => c.inbound).map((c: { weekday: number; hour: number }) => [c.weekday, c.hour]),
      ).to.deep.equal([
        [1, 0],
        [6, 23],
        [7, 1],
      ]);
    });
  });

  describe('GET /api/v1/analytics/agents', () => {
    it("reports each agent's replies, first responses and resolutions", async () => {
      const items = (await get('/agents', day).expect(200)).body.items;
      // A: replies C1 1 + C3 2, first responses C1, resolved C1 (A held it), open none (C3 is unassigned), assigned C1.
      // B: assigned C2 once (the reopen keeps B: not a new assignment).
      expect(items).to.deep.include.members([
        { agentId: A, open: 0, assigned: 1, humanReplies: 3, firstResponses: 1, resolved: 1, meanFirstResponseSeconds: 300 },
        { agentId: B, open: 0, assigned: 1, humanReplies: 2, firstResponses: 2, resolved: 2, meanFirstResponseSeconds: 360 },
      ]);
    });
  });

  describe('POST /api/v1/analytics/rebuild', () => {
    it('recomputes exactly what the consumer built', async () => {
      const incremental = await snapshot(t.db, team.tenantId);
      const res = await t.http.post('/api/v1/analytics/rebuild').set(team.admin.headers).send({}).expect(200);
      // Messages: C1 3, C2 4, C3 3, C4 3.
      expect(res.body).to.deep.equal({ conversations: 4, messages: 13 });
      expect(await snapshot(t.db, team.tenantId)).to.deep.equal(incremental);
      const dstBefore = await snapshot(t.db, dst.tenantId);
      await t.analytics.rebuild(dst.tenantId);
      expect(await snapshot(t.db, dst.tenantId)).to.deep.equal(dstBefore);
    });

    it('is for admins only', async () => {
      await t.http.post('/api/v1/analytics/rebuild').set(team.agents[0]!.headers).send({}).expect(403);
    });
  });

  describe('query checks', () => {
    it('refuses an unknown time zone, a reversed range and too long a span with 400', async () => {
      expect((await get('/volume', { ...day, tz: 'Mars/Olympus' }).expect(400)).body.error.code).to.equal('invalid_time_zone');
      expect((await get('/volume', { from: day.to, to: day.from }).expect(400)).body.error.code).to.equal('invalid_range');
      const long = { from: '2025-01-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };
      expect((await get('/volume', long).expect(400)).body.error.code).to.equal('range_too_large');
      expect((await get('/volume', { ...day, to: '2026-03-05T00:00:00Z', groupBy: 'hour' }).expect(200)).body.items).to.have.length(6);
      await get('/volume', { ...day, groupBy: 'year' }).expect(400);
      await get('/volume', { from: 'yesterday', to: day.to }).expect(400);
    });

    it('scopes every report to the caller tenant', async () => {
      const res = await get('/volume', day, dst).expect(200);
      expect(res.body.total.conversations).to.equal(0);
    });
  });
});
