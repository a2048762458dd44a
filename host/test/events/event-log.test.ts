import { expect } from 'chai';
import type { DurableEvent } from '@bacon/sdk';
import { withTestHost, type TestHost } from '../../src/testing/index.js';
import { waitFor } from './wait-for.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };
const T = 'tenant-a';

async function appendOne(host: TestHost, topic: string, key: string | null, seq: number | null, payload: unknown) {
  await host.services.db.knex.transaction((trx) => host.services.events.append(trx, [{ topic, tenantId: T, key, seq, payload }]));
}

describe('event log', () => {
  describe('append and consume', () => {
    it('delivers committed events in order per key, with their id, and never a rolled-back one', async () => {
      await withTestHost({ config: fast }, async (host) => {
        const seen: DurableEvent[] = [];
        const c = await host.services.events.consume('test.order', 'conversation.*', async (e) => {
          seen.push(e);
        });
        await host.services.db.knex
          .transaction(async (trx) => {
            await host.services.events.append(trx, [
              { topic: 'conversation.updated', tenantId: T, key: 'k1', seq: 99, payload: { n: -1 } },
            ]);
            throw new Error('roll back');
          })
          .catch(() => undefined);
        for (let i = 1; i <= 5; i++) await appendOne(host, 'conversation.updated', i % 2 ? 'k1' : 'k2', i, { n: i });
        await appendOne(host, 'other.topic', 'k1', 6, { n: 6 });
        await appendOne(host, 'conversation.closed', 'k1', 7, { n: 7 });
        await waitFor('seven events minus the filtered one', () => seen.some((e) => (e.payload as { n: number }).n === 7));
        expect(seen.map((e) => (e.payload as { n: number }).n))
          .to.not.include(-1)
          .and.not.include(6);
        for (const k of ['k1', 'k2']) {
          const seqs = seen.filter((e) => e.key === k).map((e) => e.seq!);
          expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
        }
        expect(seen[0]).to.include({ topic: 'conversation.updated', tenantId: T, key: 'k1', seq: 1 });
        expect(seen[0].id).to.match(/^[0-9]+$/);
        await c.stop();
      });
    });

    it('reads one key after a sequence number (catch-up)', async () => {
      await withTestHost({ config: fast }, async (host) => {
        for (let i = 1; i <= 4; i++) await appendOne(host, 'message.created', 'conv-1', i, { i });
        await appendOne(host, 'message.created', 'conv-2', 1, { i: 9 });
        const got = await host.services.events.read({ tenantId: T, key: 'conv-1', afterSeq: 2 });
        expect(got.map((e) => e.seq)).to.deep.equal([3, 4]);
        expect(await host.services.events.read({ tenantId: 'other', key: 'conv-1' })).to.deep.equal([]);
      });
    });
  });

  describe('sequencer', () => {
    it('never skips an event whose id is lower than one already delivered (ids are not commit order)', async () => {
      await withTestHost({ config: fast }, async (host) => {
        const { knex } = host.services.db;
        const seen: string[] = [];
        await host.services.events.consume('test.id-order', '*', async (e) => {
          seen.push((e.payload as { name: string }).name);
        });
        // A transaction takes its id, then others commit (and are delivered) before it does.
        const reserved = Number((await knex.raw("select nextval('host_events_id_seq') as id")).rows[0].id);
        await appendOne(host, 'early', 'b', 1, { name: 'early' });
        await waitFor('the early event', () => seen.includes('early'));
        await knex('host_events').insert({
          id: reserved,
          tenant_id: T,
          topic: 'late',
          key: 'a',
          seq: 1,
          payload: JSON.stringify({ name: 'late' }),
        });
        await waitFor('the late event', () => seen.includes('late'));
        const rows = await knex('host_events').select('id', 'pos').orderBy('id');
        expect(Number(rows[0].id)).to.equal(reserved);
        expect(Number(rows[0].pos)).to.be.greaterThan(Number(rows[1].pos));
      });
    });

    it('never skips a transaction that commits after later ones (Postgres: a real open transaction)', async () => {
      await withTestHost({ config: fast }, async (host) => {
        const seen: string[] = [];
        await host.services.events.consume('test.late', '*', async (e) => {
          seen.push((e.payload as { name: string }).name);
        });
        if (host.services.db.kind === 'pglite') {
          // One session: no transaction can stay open beside another; the test above covers the ordering.
          await appendOne(host, 'late', 'a', 1, { name: 'only' });
          await waitFor('the event', () => seen.includes('only'));
          return;
        }
        let release!: () => void;
        const held = new Promise<void>((r) => (release = r));
        let appended!: () => void;
        const inserted = new Promise<void>((r) => (appended = r));
        const late = host.services.db.knex.transaction(async (trx) => {
          await host.services.events.append(trx, [{ topic: 'late', tenantId: T, key: 'a', seq: 1, payload: { name: 'late' } }]);
          appended();
          await held;
        });
        await inserted;
        await appendOne(host, 'early', 'b', 1, { name: 'early' });
        await waitFor('the early event', () => seen.includes('early'));
        release();
        await late;
        await waitFor('the late event', () => seen.includes('late'));
        const rows = await host.services.db.knex('host_events').select('id', 'pos').orderBy('id');
        expect(Number(rows[0].pos)).to.be.greaterThan(Number(rows[1].pos));
      });
    });
  });
});
