import { expect } from 'chai';
import { withTestHost } from '../../src/testing/index.js';
import { waitFor } from './wait-for.js';

// Polling once a minute: an event delivered within the wait below was delivered because a
// notification woke the consumer (LISTEN/NOTIFY on Postgres, PGlite's own notifications).
const slowPoll = { eventsPollMs: 60000, eventsLeaseMs: 180000 };

describe('listenForEvents', () => {
  it('wakes consumers when an event is committed, without waiting for the next poll', async () => {
    await withTestHost({ config: slowPoll }, async (host) => {
      const seen: string[] = [];
      await host.services.events.consume('test.wake', '*', (e) => void seen.push((e.payload as { n: string }).n));
      const { knex } = host.services.db;
      // The first step ran at start; the loop now sleeps until woken.
      await waitFor('the lease', async () => (await knex('host_event_consumers').where({ name: 'test.wake' }).first())?.lease_owner);
      await knex.transaction((trx) => host.services.events.append(trx, [{ topic: 'wake', tenantId: 't', payload: { n: 'first' } }]));
      await waitFor('the event, woken by the notification', () => seen.includes('first'), 15000);

      if (host.services.db.kind !== 'postgres') return;
      // The listening connection dies: the host reconnects and is woken again.
      const listener = async () =>
        (await knex.raw("select pid from pg_stat_activity where application_name = 'bacon-events-listen' and datname = current_database()"))
          .rows as { pid: number }[];
      const [before] = await listener();
      expect(before, 'a listening connection').to.not.equal(undefined);
      await knex.raw('select pg_terminate_backend(?)', [before!.pid]);
      await waitFor('a new listening connection', async () => {
        const now = await listener();
        return now.length === 1 && now[0]!.pid !== before!.pid;
      });
      await knex.transaction((trx) => host.services.events.append(trx, [{ topic: 'wake', tenantId: 't', payload: { n: 'second' } }]));
      await waitFor('the event after the reconnect', () => seen.includes('second'), 15000);
    });
  });
});
