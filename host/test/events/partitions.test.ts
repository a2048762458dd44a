import { expect } from 'chai';
import type { DurableEvent } from '@bacon/sdk';
import { createTestDatabase, defaultBackend, startTestHost, type TestHost } from '../../src/testing/index.js';
import { waitFor } from './wait-for.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

/** Records every delivery of both hosts (they share this process): overlaps per key and per-key order. */
function recorder() {
  const inFlight = new Set<string>();
  const overlaps: string[] = [];
  const applied = new Map<string, number[]>();
  const byHost = new Map<string, number>();
  const handler = (hostName: string) => async (e: DurableEvent) => {
    const key = e.key!;
    if (inFlight.has(key)) overlaps.push(`${key} on ${hostName}`);
    inFlight.add(key);
    await new Promise((r) => setTimeout(r, 1 + Math.random() * 3)); // the handler's work
    const list = applied.get(key) ?? [];
    if (!list.includes(e.seq!)) list.push(e.seq!);
    applied.set(key, list);
    byHost.set(hostName, (byHost.get(hostName) ?? 0) + 1);
    inFlight.delete(key);
  };
  return { handler, overlaps, applied, byHost };
}

async function produce(host: TestHost, keys: number, perKey: number) {
  for (let s = 1; s <= perKey; s++) {
    const events = Array.from({ length: keys }, (_, k) => ({ topic: 'part.step', tenantId: 't', key: `key-${k}`, seq: s, payload: { s } }));
    await host.services.db.knex.transaction((trx) => host.services.events.append(trx, events));
  }
}

describe('partitioned consumers', () => {
  it('split one consumer between two hosts, never run one key on both at once, and keep per-key order', async function () {
    if (defaultBackend() !== 'postgres') {
      // PGlite: one host holds every partition; the split needs a shared database server.
      const host = await startTestHost({ config: fast });
      try {
        const rec = recorder();
        await host.services.events.consume('test.parts', 'part.*', rec.handler('A'), { partitions: 4 });
        await produce(host, 12, 10);
        await waitFor('every event', () => [...rec.applied.values()].every((l) => l.length === 10) && rec.applied.size === 12);
        for (const l of rec.applied.values()) expect(l).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(rec.overlaps).to.deep.equal([]);
      } finally {
        await host.close();
      }
      return;
    }
    const db = await createTestDatabase('postgres');
    const a = await startTestHost({ database: db, config: fast });
    const b = await startTestHost({ database: db, config: fast });
    try {
      const rec = recorder();
      await a.services.events.consume('test.parts', 'part.*', rec.handler('A'), { partitions: 4 });
      await b.services.events.consume('test.parts', 'part.*', rec.handler('B'), { partitions: 4 });
      const { knex } = a.services.db;
      await waitFor('both hosts holding two partitions each', async () => {
        const rows = await knex('host_event_consumers').where('name', 'like', 'test.parts#%').whereNotNull('lease_owner');
        const owners = rows.map((r) => r.lease_owner as string);
        return rows.length === 4 && new Set(owners).size === 2 && owners.filter((o) => o === owners[0]).length === 2;
      });
      await produce(a, 20, 15);
      await waitFor('every event', () => rec.applied.size === 20 && [...rec.applied.values()].every((l) => l.length === 15));
      for (const l of rec.applied.values()) expect(l).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
      expect([...rec.byHost.keys()].sort(), 'both hosts delivered').to.deep.equal(['A', 'B']);
      expect(rec.overlaps).to.deep.equal([]);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
