import { expect } from 'chai';
import type { Knex } from 'knex';
import { startTestHost, type TestHost } from '@bacon/host/testing';
import { GroupCommit } from '../../src/services/group-commit.js';

// Group commit of one-statement writes (issue 12), on the test backend (PGlite, or Postgres when
// DATABASE_URL is set). With one slot, writes handed in while the slot is taken form one batch.
describe('GroupCommit', function () {
  this.timeout(120_000);
  let host: TestHost;
  let knex: Knex;
  let table = 0;

  before(async () => {
    host = await startTestHost();
    knex = host.services.db.knex;
  });
  after(async () => host?.close());

  /** A fresh table of unique values; `deferred` checks uniqueness only at COMMIT. */
  async function freshTable(deferred = false): Promise<string> {
    const name = `group_commit_test_${++table}`;
    await knex.raw(
      `create table ${name} (v text not null, constraint ${name}_v unique (v)${deferred ? ' deferrable initially deferred' : ''})`,
    );
    return name;
  }
  const insert = (name: string, v: string) => async (db: Knex) => {
    await db.raw(`insert into ${name} (v) values (?)`, [v]);
    return v;
  };
  /** Takes the batcher's only slot until the returned function is called; the next writes queue. */
  function occupy(gc: GroupCommit, key = '0'): () => Promise<void> {
    let release!: () => void;
    const held = gc.run(key, () => new Promise<void>((r) => (release = r)));
    return async () => {
      release();
      await held;
    };
  }
  const stored = async (name: string) => ((await knex(name).select('v').orderBy('v')) as { v: string }[]).map((r) => r.v);

  it('commits concurrent writes in one transaction and answers each only after the commit', async () => {
    const name = await freshTable();
    const batches: number[] = [];
    const gc = new GroupCommit(knex, { maxInFlight: 1, onBatch: (size) => batches.push(size) });
    const free = occupy(gc);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let thirdStarted!: () => void;
    const started = new Promise<void>((r) => (thirdStarted = r));
    const settled: string[] = [];
    const track = (p: Promise<string>) => p.then((v) => (settled.push(v), v));
    const all = Promise.all([
      track(gc.run('a', insert(name, 'one'))),
      track(gc.run('b', insert(name, 'two'))),
      track(
        gc.run('c', async (db) => {
          await db.raw(`insert into ${name} (v) values ('three')`);
          thirdStarted();
          await gate; // the transaction stays open, its first two writes done
          return 'three';
        }),
      ),
    ]);
    await free();
    await started;
    expect(settled, 'no write is answered while its transaction is open').to.deep.equal([]);
    if (host.services.db.kind === 'postgres') expect(await stored(name), 'nothing is visible before the commit').to.deep.equal([]);
    release();
    expect(await all).to.deep.equal(['one', 'two', 'three']);
    expect(batches).to.deep.equal([3]);
    expect(await stored(name)).to.deep.equal(['one', 'three', 'two']);
  });

  it('does not fail the neighbours of a failing write: each runs again alone and settles with its own result', async () => {
    const name = await freshTable();
    await knex(name).insert({ v: 'taken' });
    const batches: [number, boolean][] = [];
    const gc = new GroupCommit(knex, { maxInFlight: 1, onBatch: (size, fellBack) => batches.push([size, fellBack]) });
    const free = occupy(gc);
    const pending = Promise.allSettled([
      gc.run('a', insert(name, 'first')),
      gc.run('b', insert(name, 'taken')),
      gc.run('c', insert(name, 'last')),
    ]);
    await free();
    const results = await pending;
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).to.have.property('code', '23505');
    expect(batches).to.deep.equal([[3, true]]);
    expect(await stored(name), 'each stored once').to.deep.equal(['first', 'last', 'taken']);
  });

  it('fails every write of a batch whose COMMIT fails, without running them again', async () => {
    const name = await freshTable(true);
    const batches: [number, boolean][] = [];
    const gc = new GroupCommit(knex, { maxInFlight: 1, onBatch: (size, fellBack) => batches.push([size, fellBack]) });
    const free = occupy(gc);
    const pending = Promise.allSettled([gc.run('a', insert(name, 'same')), gc.run('b', insert(name, 'same'))]);
    await free();
    const results = await pending;
    expect(batches).to.deep.equal([[2, false]]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    expect(await stored(name)).to.deep.equal([]);
  });

  it('runs a write that finds a free slot at once, alone, without a transaction around it', async () => {
    const name = await freshTable();
    const gc = new GroupCommit(knex);
    const sent: string[] = [];
    const onQuery = (q: { sql: string }) => sent.push(q.sql);
    knex.on('query', onQuery);
    try {
      expect(await gc.run('a', insert(name, 'alone'))).to.equal('alone');
    } finally {
      knex.off('query', onQuery);
    }
    expect(sent.filter((s) => /^(begin|commit)/i.test(s.trim()))).to.deep.equal([]);
    expect(await stored(name)).to.deep.equal(['alone']);
  });

  it('holds a write whose conversation is in flight until that write committed, even with a slot free', async () => {
    const gc = new GroupCommit(knex, { maxInFlight: 2 });
    const free = occupy(gc, 'conversation-x');
    let started = false;
    const next = gc.run('conversation-x', async () => {
      started = true;
      return 'next';
    });
    expect(await gc.run('conversation-y', async () => 'other'), 'another conversation takes the free slot').to.equal('other');
    expect(started, 'the same conversation waits').to.equal(false);
    await free();
    expect(await next).to.equal('next');
  });
});
