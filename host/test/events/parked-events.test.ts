import { expect } from 'chai';
import request from 'supertest';
import type { DurableEvent } from '@bacon/sdk';
import { withTestHost, createTestUser, createTestTenant, type TestHost } from '../../src/testing/index.js';
import { pruneEvents } from '../../src/events/index.js';
import { waitFor } from './wait-for.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

async function append(host: TestHost, tenantId: string, key: string, seq: number, payload: Record<string, unknown>) {
  await host.services.db.knex.transaction((trx) =>
    host.services.events.append(trx, [{ topic: 'order.paid', tenantId, key, seq, payload }]),
  );
}

describe('parked events', () => {
  it('parks an event after N failed tries, goes on, and delivers it again from the admin API once fixed', async () => {
    await withTestHost({ config: fast }, async (host) => {
      const admin = await createTestUser(host, { role: 'admin' });
      const agent = await createTestUser(host, { role: 'agent' });
      const tenant = admin.user.tenantId;
      let broken = true;
      const tries = new Map<string, number>();
      const handled: string[] = [];
      await host.services.events.consume(
        'test.parking',
        'order.*',
        async (e: DurableEvent) => {
          const name = (e.payload as { name: string }).name;
          tries.set(name, (tries.get(name) ?? 0) + 1);
          if (name === 'bad' && broken) throw new Error('downstream refused');
          handled.push(name);
        },
        { maxAttempts: 3, retryBaseMs: 5, retryMaxMs: 20 },
      );
      await append(host, tenant, 'k', 1, { name: 'bad' });
      await append(host, tenant, 'k', 2, { name: 'after' });
      await waitFor('the later event of the same key', () => handled.includes('after'));
      expect(tries.get('bad')).to.equal(3);

      const api = request(host.app.callback());
      await api.get('/api/v1/events/parked').set(agent.headers).expect(403);
      const list = await api.get('/api/v1/events/parked?consumer=test.parking').set(admin.headers).expect(200);
      expect(list.body.parked).to.have.length(1);
      const parked = list.body.parked[0];
      expect(parked).to.include({
        consumer: 'test.parking',
        topic: 'order.paid',
        key: 'k',
        seq: 1,
        error: 'downstream refused',
        attempts: 3,
        status: 'parked',
      });

      const other = await createTestTenant(host);
      const otherAdmin = await createTestUser(host, { role: 'admin', tenantId: other.id });
      await api.get(`/api/v1/events/parked/${parked.id}`).set(otherAdmin.headers).expect(404);
      await api.post('/api/v1/events/parked/abc/retry').set(admin.headers).expect(400);

      // Still broken: the retry fails and the event is parked again with one more attempt.
      await api.post(`/api/v1/events/parked/${parked.id}/retry`).set(admin.headers).expect(202);
      await waitFor(
        'the failed retry',
        async () => (await api.get(`/api/v1/events/parked/${parked.id}`).set(admin.headers)).body.attempts === 4,
      );
      expect(tries.get('bad')).to.equal(4);

      broken = false;
      const retried = await api.post(`/api/v1/events/parked/${parked.id}/retry`).set(admin.headers).expect(202);
      expect(retried.body.status).to.equal('retrying');
      await waitFor(
        'the retry to succeed',
        async () => (await api.get(`/api/v1/events/parked/${parked.id}`).set(admin.headers)).status === 404,
      );
      expect(handled.filter((n) => n === 'bad')).to.have.length(1);

      const metrics = await api.get('/metrics').expect(200);
      expect(metrics.text).to.match(/bacon_event_consumer_lag\{consumer="test.parking"\} 0/);
      expect(metrics.text).to.match(/bacon_event_handled_total\{consumer="test.parking"\} 2/);
    });
  });

  it('discards a parked event', async () => {
    await withTestHost({ config: fast }, async (host) => {
      const admin = await createTestUser(host, { role: 'admin' });
      await host.services.events.consume(
        'test.discard',
        '*',
        async () => {
          throw new Error('always');
        },
        { maxAttempts: 1 },
      );
      await append(host, admin.user.tenantId, 'k', 1, { name: 'x' });
      const api = request(host.app.callback());
      const parked = await waitFor(
        'the parked event',
        async () => (await api.get('/api/v1/events/parked').set(admin.headers)).body.parked[0],
      );
      await api.delete(`/api/v1/events/parked/${parked.id}`).set(admin.headers).expect(204);
      await api.delete(`/api/v1/events/parked/${parked.id}`).set(admin.headers).expect(404);
    });
  });
});

describe('pruneEvents', () => {
  it('runs as a durable job, scheduled when the host starts', async () => {
    await withTestHost({ config: { ...fast, eventsRetentionHours: 0 } }, async (host) => {
      const { knex } = host.services.db;
      const jobs = await knex.raw("select name, state from bacon_jobs.job where name = 'host.events-prune'");
      expect(jobs.rows.map((j: { state: string }) => j.state)).to.deep.equal(['created']);
      const seen: number[] = [];
      await host.services.events.consume('test.prune-job', '*', (e) => void seen.push((e.payload as { n: number }).n));
      for (let n = 1; n <= 3; n++) await append(host, 't', 'k', n, { n });
      await waitFor('the consumer past every event', () => seen.length === 3);
      await waitFor(
        'the cursor saved',
        async () => Number((await knex('host_event_consumers').where({ name: 'test.prune-job' }).first()).pos) === 3,
      );
      await host.services.jobs.send('host.events-prune', {});
      await waitFor('the job to prune', async () => Number((await knex('host_events').count('* as n').first())!.n) === 1);
    });
  });

  it('keeps what a consumer still needs and the parked copies, deletes what every consumer passed', async () => {
    await withTestHost({ config: fast }, async (host) => {
      const { knex } = host.services.db;
      const seen: number[] = [];
      let stopAt = 3;
      await host.services.events.consume(
        'test.prune',
        '*',
        async (e) => {
          const n = (e.payload as { n: number }).n;
          if (n === 2) throw new Error('parks');
          if (n > stopAt) throw new Error('not yet');
          seen.push(n);
        },
        { maxAttempts: 1 },
      );
      for (let n = 1; n <= 3; n++) await append(host, 't', 'k', n, { n });
      await waitFor('three events handled or parked', () => seen.includes(3));
      const cursor = Number((await knex('host_event_consumers').where({ name: 'test.prune' }).first()).pos);
      stopAt = 0;
      expect(await pruneEvents(knex, 0), 'all but the newest (positions continue from it)').to.equal(2);
      await host.services.events.consume('test.prune-late', '*', async () => undefined, { from: 'now' });
      const left = await knex('host_events').count('* as n').first();
      expect(Number(left!.n)).to.equal(1);
      expect(cursor).to.be.greaterThan(0);
      expect((await knex('host_event_parked').where({ consumer: 'test.prune' }))[0].payload).to.deep.equal({ n: 2 });
      // A consumer that is behind (held by another host) keeps the events it still needs.
      await knex('host_event_consumers').insert({
        name: 'test.prune-stuck',
        pos: cursor,
        lease_owner: 'elsewhere',
        lease_until: knex.raw("now() + interval '1 hour'"),
      });
      for (let n = 4; n <= 5; n++) await append(host, 't', 'k', n, { n });
      await waitFor(
        'the new events sequenced',
        async () => Number((await knex('host_events').whereNotNull('pos').count('* as n').first())!.n) === 3,
      );
      expect((await knex('host_events').orderBy('pos')).map((r) => Number(r.pos))).to.deep.equal([3, 4, 5]);
      expect(await pruneEvents(knex, 0), 'only the one at its cursor').to.equal(1);
      expect((await knex('host_events').orderBy('pos')).map((r) => Number(r.pos))).to.deep.equal([4, 5]);
      await knex('host_event_consumers')
        .where({ name: 'test.prune-stuck' })
        .update({ pos: cursor + 2 });
      expect(await pruneEvents(knex, 1), 'younger than the retention').to.equal(0);
      expect(await pruneEvents(knex, 0)).to.equal(1);
      expect((await knex('host_events')).map((r) => Number(r.pos))).to.deep.equal([5]);
    });
  });
});
