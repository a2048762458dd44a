import { expect } from 'chai';
import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { backoffDelay, inTransactionWithRetry, isTransientDbError, withRetry } from '../src/transaction.js';

const knexFactory = knexModule as unknown as typeof knexModule.knex;
const dbError = (code: string) => Object.assign(new Error(`db error ${code}`), { code });

describe('backoffDelay', () => {
  it('grows exponentially, stays within half and all of the ceiling, and is capped', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(5000, 100 * 2 ** (attempt - 1));
      expect(backoffDelay(attempt, 100, 5000, () => 0)).to.equal(ceiling / 2);
      expect(backoffDelay(attempt, 100, 5000, () => 0.999999)).to.be.at.most(ceiling);
    }
  });
});

describe('withRetry', () => {
  it('retries transient errors and then succeeds', async () => {
    let calls = 0;
    const v = await withRetry(
      async () => {
        if (++calls < 3) throw dbError('ECONNREFUSED');
        return 'ok';
      },
      { retries: 5, baseMs: 1, maxMs: 2 },
    );
    expect(v).to.equal('ok');
    expect(calls).to.equal(3);
  });

  it('does not retry a query error', async () => {
    let calls = 0;
    const err = dbError('42601');
    await withRetry(
      async () => {
        calls++;
        throw err;
      },
      { retries: 5, baseMs: 1 },
    ).catch((e) => expect(e).to.equal(err));
    expect(calls).to.equal(1);
  });

  it('gives up after the bound, and tells onRetry before each wait', async () => {
    let calls = 0;
    const told: number[] = [];
    await withRetry(
      async () => {
        calls++;
        throw dbError('57P03');
      },
      { retries: 2, baseMs: 1, onRetry: (_err, attempt) => told.push(attempt) },
    ).then(
      () => expect.fail('should fail'),
      () => undefined,
    );
    expect(calls).to.equal(3);
    expect(told).to.deep.equal([1, 2]);
  });

  it('asks isRetryable when given one', async () => {
    let calls = 0;
    await withRetry(
      async () => {
        calls++;
        throw dbError('ECONNRESET');
      },
      { retries: 3, baseMs: 1, isRetryable: () => false },
    ).catch(() => undefined);
    expect(calls).to.equal(1);
  });
});

describe('isTransientDbError', () => {
  it('takes concurrency aborts, shutdowns and connection failures, never a query error', () => {
    for (const code of [
      '40001',
      '40P01',
      '55P03',
      '57P01',
      '57P02',
      '57P03',
      '53300',
      '08000',
      '08001',
      '08003',
      '08004',
      '08006',
      'ECONNRESET',
      'ECONNREFUSED',
      'ETIMEDOUT',
      'EPIPE',
      'EAI_AGAIN',
      'ENOTFOUND',
      'EHOSTUNREACH',
    ]) {
      expect(isTransientDbError(dbError(code)), code).to.equal(true);
    }
    for (const code of ['23505', '23503', '42601', '42P01', '22P02']) expect(isTransientDbError(dbError(code)), code).to.equal(false);
  });

  it('knows the driver messages and knex pool timeouts that come without a code', () => {
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).to.equal(true);
    expect(isTransientDbError(new Error('timeout exceeded when trying to connect'))).to.equal(true);
    expect(isTransientDbError(Object.assign(new Error('pool'), { name: 'KnexTimeoutError' }))).to.equal(true);
    expect(isTransientDbError(new Error('relation "x" does not exist'))).to.equal(false);
    expect(isTransientDbError(undefined)).to.equal(false);
    expect(isTransientDbError('40001')).to.equal(false);
  });
});

describe('inTransactionWithRetry', function () {
  this.timeout(30000);
  let db: Knex;
  const table = `retry_${randomBytes(4).toString('hex')}`;

  before(async () => {
    db = process.env.DATABASE_URL
      ? knexFactory({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 4 } })
      : knexFactory({
          client: ClientPgLite as unknown as typeof Knex.Client,
          dialect: 'postgres',
          connection: { pglite: await PGlite.create() } as never,
        });
    await db.schema.createTable(table, (t) => {
      t.integer('id').primary();
      t.integer('n').notNullable();
    });
    await db(table).insert({ id: 1, n: 0 });
  });

  after(async () => {
    await db.schema.dropTableIfExists(table);
    await db.destroy();
  });

  it('runs the whole transaction again after a serialization failure, and keeps only the last run', async () => {
    let runs = 0;
    const n = await inTransactionWithRetry(
      db,
      async (trx) => {
        runs++;
        await trx(table).where({ id: 1 }).increment('n', 1);
        if (runs === 1) throw dbError('40001');
        return (await trx(table).where({ id: 1 }).first()).n as number;
      },
      { baseMs: 1 },
    );
    expect(runs).to.equal(2);
    expect(n).to.equal(1);
    expect((await db(table).where({ id: 1 }).first()).n).to.equal(1);
  });

  it('rolls back and rethrows a query error without running it again', async () => {
    let runs = 0;
    const err = await inTransactionWithRetry(db, async (trx) => {
      runs++;
      await trx(table).where({ id: 1 }).increment('n', 100);
      await trx(table).insert({ id: 1, n: 0 });
    }).catch((e: unknown) => e as { code?: string });
    expect(err?.code).to.equal('23505');
    expect(runs).to.equal(1);
    expect((await db(table).where({ id: 1 }).first()).n).to.equal(1);
  });

  it('leaves the retry to the outer transaction when it is given one', async () => {
    let inner = 0;
    let outer = 0;
    await inTransactionWithRetry(
      db,
      async (trx) => {
        outer++;
        await inTransactionWithRetry(trx, async () => {
          inner++;
          if (outer === 1) throw dbError('40P01');
        });
      },
      { baseMs: 1 },
    );
    expect([outer, inner]).to.deep.equal([2, 2]);
  });

  if (process.env.DATABASE_URL) {
    it('lets two serializable transactions that collide on a row both commit, one of them on a second run (Postgres)', async () => {
      // Both read the row before either writes: the second writer waits for the first and then fails with 40001.
      let read = 0;
      let bothRead!: () => void;
      const barrier = new Promise<void>((resolve) => (bothRead = resolve));
      let runs = 0;
      const bump = () =>
        inTransactionWithRetry(
          db,
          async (trx) => {
            runs++;
            await trx.raw('set transaction isolation level serializable');
            const row = await trx(table).where({ id: 1 }).first();
            if (read < 2 && ++read === 2) bothRead();
            await barrier;
            await trx(table)
              .where({ id: 1 })
              .update({ n: row.n + 1 });
          },
          { baseMs: 5 },
        );
      const before = (await db(table).where({ id: 1 }).first()).n as number;
      await Promise.all([bump(), bump()]);
      expect(runs).to.equal(3);
      expect((await db(table).where({ id: 1 }).first()).n).to.equal(before + 2);
    });
  }
});
