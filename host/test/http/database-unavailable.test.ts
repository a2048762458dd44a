import { expect } from 'chai';
import net from 'node:net';
import knexModule from 'knex';
import { PGlite } from '@electric-sql/pglite';
import { isDatabaseUnavailable } from '../../src/http/database-unavailable.js';

const knexFactory = knexModule as unknown as typeof knexModule.knex;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe('isDatabaseUnavailable', () => {
  it('is true for the error of a query when nothing listens where the database should be', async () => {
    const knex = knexFactory({
      client: 'pg',
      connection: `postgres://postgres@127.0.0.1:${await closedPort()}/none`,
      acquireConnectionTimeout: 2000,
    });
    try {
      const err = await knex.raw('select 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, 'the query failed').to.be.instanceOf(Error);
      expect(isDatabaseUnavailable(err)).to.equal(true);
    } finally {
      await knex.destroy();
    }
  });

  it('is true for a server that is shutting down or starting up (SQLSTATE 57P01, 57P03) and a dropped connection', () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })),
    ).to.equal(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).to.equal(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).to.equal(true);
  });

  it('is false for errors of the query itself, from a real database', async () => {
    const db = await PGlite.create();
    try {
      const err = await db.query('select no_such_column from pg_class').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as { code?: string }).code).to.equal('42703');
      expect(isDatabaseUnavailable(err)).to.equal(false);
      expect(isDatabaseUnavailable(new TypeError('x is undefined'))).to.equal(false);
      expect(isDatabaseUnavailable(undefined)).to.equal(false);
    } finally {
      await db.close();
    }
  });
});
