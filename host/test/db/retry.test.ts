import { expect } from 'chai';
import { backoffDelay, withRetry, isTransientDbError } from '../../src/db/retry.js';

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
        if (++calls < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
        return 'ok';
      },
      { retries: 5, baseMs: 1, maxMs: 2 },
    );
    expect(v).to.equal('ok');
    expect(calls).to.equal(3);
  });

  it('does not retry a query error', async () => {
    let calls = 0;
    const err = Object.assign(new Error('syntax error'), { code: '42601' });
    await withRetry(async () => {
      calls++;
      throw err;
    }, { retries: 5, baseMs: 1 }).catch((e) => expect(e).to.equal(err));
    expect(calls).to.equal(1);
  });

  it('gives up after the bound', async () => {
    let calls = 0;
    await withRetry(async () => {
      calls++;
      throw Object.assign(new Error('down'), { code: '57P03' });
    }, { retries: 2, baseMs: 1 }).then(() => expect.fail('should fail'), () => undefined);
    expect(calls).to.equal(3);
  });
});

describe('isTransientDbError', () => {
  it('tells connection failures from query failures', () => {
    expect(isTransientDbError({ code: 'ECONNRESET' })).to.equal(true);
    expect(isTransientDbError({ code: '23505' })).to.equal(false);
    expect(isTransientDbError(new Error('Connection terminated unexpectedly'))).to.equal(true);
  });
});
