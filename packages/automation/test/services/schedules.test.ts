import { expect } from 'chai';
import request from 'supertest';
import { waitFor } from '@bacon/host/testing';
import { isOpen, localTime, nextFire } from '../../src/index.js';
import { fireSchedule, SCHEDULE_TOPIC } from '../../src/services/schedules.js';
import type { EvaluateDeps } from '../../src/services/evaluate-event.js';
import type { BusinessHours } from '../../src/rule-schema.js';
import {
  createTeam,
  inbound,
  startAutomationHost,
  startHook,
  type AutomationHost,
  type Hook,
  type Team,
} from '../support/automation-host.js';

const paris: BusinessHours = {
  timeZone: 'Europe/Paris',
  weekly: [
    { days: [1, 2, 3, 4, 5], from: '09:00', to: '12:30' },
    { days: [1, 2, 3, 4, 5], from: '14:00', to: '18:00' },
  ],
  holidays: ['2026-12-25'],
};

describe('schedules', () => {
  describe('nextFire', () => {
    it('reads the cron in its time zone, across a change to summer time', () => {
      const t = { cron: '0 9 * * 1-5', timeZone: 'Europe/Paris' };
      // Friday 27 March 2026, 12:00 UTC: next is Monday 30 March 09:00 Paris, now UTC+2.
      const first = nextFire(t, new Date('2026-03-27T12:00:00Z'));
      expect(first.toISOString()).to.equal('2026-03-30T07:00:00.000Z');
      // Before the change (UTC+1): Friday 27 March 09:00 Paris.
      expect(nextFire(t, new Date('2026-03-27T07:00:00Z')).toISOString()).to.equal('2026-03-27T08:00:00.000Z');
    });

    it('defaults to UTC', () => {
      expect(nextFire({ cron: '30 6 * * *' }, new Date('2026-06-01T07:00:00Z')).toISOString()).to.equal('2026-06-02T06:30:00.000Z');
    });
  });

  describe('business hours', () => {
    it('are open inside a weekly window of the local weekday, closed between windows, on weekends and holidays', () => {
      const at = (iso: string) => isOpen(paris, new Date(iso));
      expect(at('2026-12-01T08:00:00Z'), 'Tuesday 09:00 Paris').to.equal(true);
      expect(at('2026-12-01T07:59:00Z'), 'Tuesday 08:59 Paris').to.equal(false);
      expect(at('2026-12-01T11:30:00Z'), 'Tuesday 12:30 Paris (lunch)').to.equal(false);
      expect(at('2026-12-01T16:59:00Z'), 'Tuesday 17:59 Paris').to.equal(true);
      expect(at('2026-12-05T10:00:00Z'), 'Saturday').to.equal(false);
      expect(at('2026-12-25T10:00:00Z'), 'Christmas, a Friday').to.equal(false);
      expect(localTime(new Date('2026-12-25T23:30:00Z'), 'Europe/Paris')).to.include({ date: '2026-12-26', weekday: 6, time: '00:30' });
    });
  });

  describe('schedule triggers on a host', () => {
    let a: AutomationHost;
    let team: Team;
    let hook: Hook;
    let http: ReturnType<typeof request>;
    before(async function () {
      this.timeout(180_000); // a PGlite host starts in seconds, in a minute on a machine shared by many test runs
      a = await startAutomationHost({ config: { eventsPollMs: 100 } });
      team = await createTeam(a.host);
      hook = await startHook();
      http = request(a.host.app.callback());
    });
    after(async () => {
      await a?.close();
      await hook?.close();
    });

    const evaluations = (ruleId: string) =>
      a.db('automation_evaluations').where({ rule_id: ruleId }).orderBy('event_id') as Promise<
        { event_id: string; status: string; trigger: string; error: string | null }[]
      >;

    it('let a message rule see business hours: the after-hours reply fires when closed, not when open', async () => {
      const afterHours = (name: string, weekly: BusinessHours['weekly']) => ({
        name,
        definition: {
          triggers: [{ type: 'message.received', keywords: [name] }],
          conditions: { match: 'all', items: [{ field: 'time.businessHours', op: 'equals', value: false }] },
          actions: [{ type: 'send_message', text: 'We are closed ({{time.timeZone}} {{time.time}}).' }],
          businessHours: { timeZone: 'Asia/Tokyo', weekly },
        },
      });
      const closed = await http.post('/api/v1/automation-rules').set(team.admin.headers).send(afterHours('nightowl', []));
      const open = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send(afterHours('earlybird', [{ days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' }]));
      expect([closed.status, open.status], closed.text + open.text).to.deep.equal([201, 201]);
      const both = await a.inbox.ingestInbound(team.tenantId, inbound('nightowl earlybird'));
      await waitFor(async () => (await evaluations(closed.body.id)).some((e) => e.status === 'done'), { what: 'the after-hours reply' });
      const messages = await a.inbox.listMessagesSince(team.tenantId, both.conversation.id, 0);
      expect(messages.map((m) => m.body)).to.have.length(2);
      expect(messages[1]!.body).to.match(/^We are closed \(Asia\/Tokyo \d\d:\d\d\)\.$/);
      expect(await evaluations(open.body.id), 'open: the same event did not fire the open-hours rule').to.have.length(0);
    });

    it('refuses a cron or a time zone that does not parse, with the field', async () => {
      const bad = async (trigger: object) =>
        http
          .post('/api/v1/automation-rules')
          .set(team.admin.headers)
          .send({
            name: `bad ${JSON.stringify(trigger)}`,
            definition: { triggers: [trigger], actions: [{ type: 'webhook', url: hook.url }] },
          });
      const cron = await bad({ type: 'schedule', cron: '61 * * * * *' });
      expect(cron.status, cron.text).to.equal(400);
      expect(cron.body.error).to.include({ code: 'automation_cron_invalid' });
      const zone = await bad({ type: 'schedule', cron: '0 9 * * *', timeZone: 'Mars/Olympus' });
      expect(zone.status, zone.text).to.equal(400);
      expect(zone.body.error).to.include({ code: 'automation_time_zone_invalid' });
    });

    it('fire on each tick through durable jobs, once per tick, and stop when the rule is disabled', async () => {
      const res = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({
          name: 'every second',
          definition: {
            triggers: [{ type: 'schedule', cron: '* * * * * *', timeZone: 'Europe/Paris' }],
            actions: [{ type: 'webhook', url: hook.url }],
          },
        });
      expect(res.status, res.text).to.equal(201);
      const id = res.body.id as string;
      const fired = await waitFor(
        async () => ((await evaluations(id)).filter((e) => e.status === 'done').length >= 2 ? evaluations(id) : undefined),
        {
          what: 'two ticks to fire',
          timeoutMs: 30_000,
        },
      );
      expect(fired[0]!.trigger).to.equal(SCHEDULE_TOPIC);
      expect(fired.every((e) => e.event_id.startsWith(`schedule:${id}:0:`))).to.equal(true);
      expect(new Set(fired.map((e) => e.event_id)).size, 'one evaluation per tick').to.equal(fired.length);
      const off = await http.patch(`/api/v1/automation-rules/${id}`).set(team.admin.headers).send({ enabled: false });
      expect(off.status, off.text).to.equal(200);
      expect(await a.db('automation_schedules').where({ rule_id: id })).to.have.length(0);
    });

    it('fire a tick by its job (a controlled clock) and fire nothing when a late duplicate of that job runs', async () => {
      const res = await http
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({
          name: 'nightly after hours',
          definition: {
            triggers: [{ type: 'schedule', cron: '0 22 * * *', timeZone: 'Europe/Paris' }],
            conditions: { match: 'all', items: [{ field: 'time.businessHours', op: 'equals', value: false }] },
            actions: [{ type: 'webhook', url: hook.url }],
            businessHours: paris,
          },
        });
      expect(res.status, res.text).to.equal(201);
      const id = res.body.id as string;
      const [row] = (await a.db('automation_schedules').where({ rule_id: id })) as { next_at: Date | string }[];
      const at = new Date(row!.next_at).toISOString();
      expect(localTime(new Date(at), 'Europe/Paris').time).to.equal('22:00');
      // A controlled clock: the tick's job is run by hand (22:00 Paris on a weekday: after hours).
      const deps = await depsOf(a);
      await fireSchedule(deps, { ruleId: id, index: 0, at });
      const rows = await evaluations(id);
      expect(rows.map((r) => [r.event_id, r.status])).to.deep.equal([[`schedule:${id}:0:${at}`, 'done']]);
      const [moved] = (await a.db('automation_schedules').where({ rule_id: id })) as { next_at: Date | string }[];
      expect(new Date(moved!.next_at).getTime()).to.equal(new Date(at).getTime() + 86_400_000);
      // The old tick again (a late duplicate job): the row moved on, nothing fires.
      await fireSchedule(deps, { ruleId: id, index: 0, at });
      expect(await evaluations(id)).to.have.length(1);
    });
  });
});

/** The evaluation dependencies of the running automation plugin, rebuilt over the test host's handles. */
async function depsOf(a: AutomationHost): Promise<EvaluateDeps> {
  const { RuleCache } = await import('../../src/services/rule-cache.js');
  const { createAutomationMetrics } = await import('../../src/services/automation-metrics.js');
  const { Registry } = await import('prom-client');
  const noop = () => undefined;
  const log = { info: noop, warn: noop, error: noop, debug: noop, child: () => log } as unknown as EvaluateDeps['log'];
  return {
    db: a.db,
    rules: new RuleCache(a.db, { publish: async () => undefined, subscribe: () => () => undefined } as never),
    inbox: a.inbox,
    actions: {
      inbox: a.inbox,
      plugins: { call: async () => null } as never,
      webhookTimeoutMs: 5000,
      bus: { publish: async () => undefined },
      log,
    },
    metrics: createAutomationMetrics(new Registry()),
    log,
    jobs: { send: async () => null },
  };
}
