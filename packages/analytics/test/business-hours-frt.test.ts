import { expect } from 'chai';
import { startAnalyticsHost, createTeam, caughtUp, type AnalyticsTestHost, type Team } from './support/analytics-host.js';
import { InboxStory } from './support/inbox-story.js';

/**
 * First response time within business hours. Calendar: Europe/Paris (UTC+1 in March 2026), Monday to
 * Friday 09:00-18:00, Tuesday 2026-03-03 a holiday.
 *
 * H1: inbound Monday 17:30 Paris (16:30Z), reply Wednesday 09:20 Paris (08:20Z): 30 min on Monday,
 *     the night closed, Tuesday a holiday, 20 min on Wednesday: 3000 s (wall clock 143,400 s).
 * H2: inbound Wednesday 10:00 Paris, reply 10:05: 300 s (wall clock 300 s).
 * H3: inbound Saturday 10:00 Paris, reply 11:00: closed all along, 0 s (wall clock 3600 s).
 */
describe('GET /api/v1/analytics/first-response?businessHours=true', () => {
  let t: AnalyticsTestHost;
  let team: Team;
  const week = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' };
  const calendar = {
    timeZone: 'Europe/Paris',
    weekly: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }],
    holidays: ['2026-03-03'],
  };
  const get = (query: Record<string, string>, path = '/first-response') =>
    t.http.get(`/api/v1/analytics${path}`).query(query).set(team.agents[0]!.headers);
  const settings = (body: object) => t.http.put('/api/v1/plugins/analytics/settings').set(team.admin.headers).send(body);

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 1);
    const A = team.agents[0]!.user.id;
    const s = new InboxStory(team.tenantId);
    s.conversation('web', '2026-03-02T16:30:00Z').inbound('2026-03-02T16:30:00Z').reply(A, '2026-03-04T08:20:00Z');
    s.conversation('web', '2026-03-04T09:00:00Z').inbound('2026-03-04T09:00:00Z').reply(A, '2026-03-04T09:05:00Z');
    s.conversation('email', '2026-03-07T09:00:00Z').inbound('2026-03-07T09:00:00Z').reply(A, '2026-03-07T10:00:00Z');
    await s.write(t.db, t.events);
    await caughtUp(t, team.tenantId);
  });

  after(async () => {
    await t?.close();
  });

  it('refuses businessHours=true while the tenant has no calendar (400), and on other reports', async () => {
    expect((await get({ ...week, businessHours: 'true' }).expect(400)).body.error.code).to.equal('business_hours_not_set');
    expect((await get({ ...week, businessHours: 'true' }, '/volume').expect(400)).body.error.code).to.equal('report_option_unsupported');
  });

  it('counts only the time the calendar is open: a closed night and a holiday count nothing', async () => {
    await settings({ businessHours: calendar }).expect(200);
    // [0, 300, 3000]: median 300; p90 at rank 1.8 -> 300 + 0.8 * 2700 = 2460; mean 3300 / 3 = 1100.
    const res = await get({ ...week, businessHours: 'true' }).expect(200);
    expect(res.body.total).to.deep.equal({ count: 3, medianSeconds: 300, p90Seconds: 2460, meanSeconds: 1100 });
    const byChannel = (await get({ ...week, businessHours: 'true', groupBy: 'channel' }).expect(200)).body.items;
    expect(byChannel).to.deep.equal([
      { bucket: 'email', count: 1, medianSeconds: 0, p90Seconds: 0, meanSeconds: 0 },
      { bucket: 'web', count: 2, medianSeconds: 1650, p90Seconds: 2730, meanSeconds: 1650 },
    ]);
    // Wall clock, for contrast: [300, 3600, 143400].
    expect((await get(week).expect(200)).body.total).to.include({ count: 3, medianSeconds: 3600 });
  });

  it('answers from the new calendar once the setting changes', async () => {
    await settings({ businessHours: { ...calendar, holidays: [] } }).expect(200);
    // H1 now also counts Tuesday's 9 hours: 3000 + 32,400 = 35,400. [0, 300, 35400]: median 300.
    const res = await get({ ...week, businessHours: 'true' }).expect(200);
    expect(res.body.total).to.include({ count: 3, medianSeconds: 300, meanSeconds: 11_900 });
  });

  it('refuses a calendar that does not validate', async () => {
    await settings({ businessHours: { timeZone: 'Europe/Paris', weekly: [{ days: [8], from: '9am', to: '18:00' }] } }).expect(400);
  });
});
