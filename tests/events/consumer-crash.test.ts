import { expect } from 'chai';
import { createTestDatabase, defaultBackend, type TestBackend } from '@bacon/host/testing';
import { appendVia, overlaps, startConsumerProcess, stateOf, type ConsumerProcess, type ConsumerState } from './consumer-process.js';
import { waitFor } from './wait-for.js';

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** Appends `count` events round-robin over KEYS, continuing each key's seq from `next`. */
async function produce(via: ConsumerProcess, next: Map<string, number>, count: number, chunk = 12): Promise<void> {
  for (let done = 0; done < count; done += chunk) {
    const events = Array.from({ length: Math.min(chunk, count - done) }, (_, i) => {
      const key = KEYS[(done + i) % KEYS.length]!;
      const seq = (next.get(key) ?? 0) + 1;
      next.set(key, seq);
      return { key, seq };
    });
    await appendVia(via, events);
  }
}

/** Every event applied exactly once, each key's effects in seq order, at least one delivery each. */
function checkEffects(s: ConsumerState, total: number) {
  expect(s.effects).to.have.length(total);
  expect(new Set(s.effects.map((e) => e.event_id)).size).to.equal(total);
  for (const k of KEYS) {
    const seqs = s.effects.filter((e) => e.key === k).map((e) => e.seq);
    expect(seqs, `order of key ${k}`).to.deep.equal(seqs.map((_, i) => i + 1));
  }
  expect(s.deliveries.length).to.be.at.least(total);
}

describe('durable consumer across a kill -9', function () {
  this.timeout(180_000);
  const procs: ConsumerProcess[] = [];
  afterEach(async () => {
    await Promise.all(procs.splice(0).map((p) => p.stop()));
  });

  // Each storage pass of the CI runs its own variant (the Postgres one needs two processes on one database).
  const on = (backend: TestBackend) => (title: string, fn: () => Promise<void>) => void (defaultBackend() === backend && it(title, fn));
  const onPostgres = on('postgres');
  const onPglite = on('pglite');

  onPostgres(
    'on Postgres with two hosts: the survivor takes over, every event applied once, in order per key, never two deliveries of a key at once',
    async () => {
      const db = await createTestDatabase('postgres');
      try {
        const [a, b] = [await startConsumerProcess('A', db), await startConsumerProcess('B', db)];
        procs.push(a, b);
        const next = new Map<string, number>();
        await produce(a, next, 120);
        const mid = await waitFor('the consumer under way', async () => {
          const s = await stateOf(a);
          return s.effects.length >= 30 && s.effects.length < 120 ? s : undefined;
        });
        const owner = mid.consumer!.lease_owner!;
        const holder = [a, b].find((p) => owner.includes(`:${p.child.pid}:`))!;
        const survivor = holder === a ? b : a;
        await holder.kill9();
        const killedAt = (await stateOf(survivor)).now;
        await produce(survivor, next, 60);
        await waitFor('the survivor to finish the stream', async () => (await stateOf(survivor)).effects.length === 180);
        const restarted = await startConsumerProcess(holder.name, db);
        procs.push(restarted);
        await produce(restarted, next, 36);
        const s = await waitFor('every event after the restart', async () => {
          const st = await stateOf(survivor);
          return st.effects.length === 216 ? st : undefined;
        });
        checkEffects(s, 216);
        expect(new Set(s.deliveries.map((d) => d.host)), 'both hosts ran the consumer').to.have.keys('A', 'B');
        expect(overlaps(s.deliveries, killedAt)).to.deep.equal([]);
      } finally {
        await Promise.all(procs.splice(0).map((p) => p.stop()));
        await db.drop();
      }
    },
  );

  onPglite('on PGlite with one host restarted on the same data dir: every event applied once, in order per key', async () => {
    const db = await createTestDatabase('pglite');
    try {
      const first = await startConsumerProcess('A', db);
      procs.push(first);
      const next = new Map<string, number>();
      await produce(first, next, 120);
      await waitFor('the consumer under way', async () => (await stateOf(first)).effects.length >= 20);
      await first.kill9();
      const again = await startConsumerProcess('A2', db);
      procs.push(again);
      await produce(again, next, 36);
      const s = await waitFor('every event after the restart', async () => {
        const st = await stateOf(again);
        return st.effects.length === 156 ? st : undefined;
      });
      checkEffects(s, 156);
      expect(new Set(s.deliveries.map((d) => d.host))).to.have.keys('A', 'A2');
    } finally {
      await Promise.all(procs.splice(0).map((p) => p.stop()));
      await db.drop();
    }
  });
});
