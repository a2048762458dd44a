import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { RateLimits, parseRate, waitWords } from '../../src/security/index.js';
import { createTestDatabase, createTestUser, startTestHost, withTestHost, type TestHost } from '../../src/testing/index.js';
import { login } from '../auth/session-client.js';
import { isBaconError } from '@bacon/sdk';

/** N+1 logins from one address: the last one is the 429. */
async function loginsUntilRefused(
  host: TestHost,
  email: string,
  password: string,
  n: number,
  headers: (i: number) => Record<string, string> = () => ({}),
) {
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i <= n; i++) {
    const r = await fetch(`${host.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers(i) },
      body: JSON.stringify({ email, password }),
    });
    statuses.push(r.status);
    if (r.status === 429) {
      retryAfter = r.headers.get('retry-after');
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('rate_limited');
      // The person signing in reads how long to wait, the same figure as Retry-After.
      expect(body.error.message).to.equal(`Too many attempts; try again in ${waitWords(Number(retryAfter))}.`);
    } else await r.arrayBuffer();
  }
  return { statuses, retryAfter };
}

describe('parseRate', () => {
  it('reads points/seconds', () => {
    expect(parseRate('5/20')).to.deep.equal({ points: 5, duration: 20 });
    expect(() => parseRate('5 per 20')).to.throw();
  });
});

describe('waitWords', () => {
  it('says a wait in the largest unit that reads well, rounded up', () => {
    expect([1, 45, 60, 61, 3599, 3600, 7201].map(waitWords)).to.deep.equal([
      '1 second',
      '45 seconds',
      '1 minute',
      '2 minutes',
      '60 minutes',
      '1 hour',
      '3 hours',
    ]);
  });
});

describe('RateLimits', () => {
  it('throws a 429 with retryAfter once the points of a key are spent, per key', async () => {
    const limits = new RateLimits({ test: { points: 2, duration: 30 } });
    await limits.consume('test', 'a');
    await limits.consume('test', 'a');
    const err = await limits.consume('test', 'a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isBaconError(err) && err.status).to.equal(429);
    expect((err as { retryAfter: number }).retryAfter).to.be.within(1, 30);
    await limits.consume('test', 'b');
  });
});

describe('login rate limits', () => {
  describe('on the in-memory store', () => {
    it('answers the 6th login from one IP within 20 s with 429 and Retry-After', async () => {
      await withTestHost({ redis: false }, async (host) => {
        const u = await createTestUser(host, { password: 'rate limited pw' });
        const { statuses, retryAfter } = await loginsUntilRefused(host, u.user.email!, 'rate limited pw', 5);
        expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429]);
        expect(Number(retryAfter)).to.be.within(1, 20);
      });
    });

    it('limits attempts per email across addresses (20 per 5 min by default)', async () => {
      await withTestHost({ redis: false, config: { trustedProxies: 1 } }, async (host) => {
        const u = await createTestUser(host, { password: 'rate limited pw' });
        const { statuses } = await loginsUntilRefused(host, u.user.email!, 'wrong password', 20, (i) => ({
          'x-forwarded-for': `198.51.100.${i + 1}`,
        }));
        expect(statuses.slice(0, 20).every((s) => s === 401)).to.equal(true);
        expect(statuses[20]).to.equal(429);
        const other = await login(host, 'someone.else@rate.test', 'whatever pw');
        expect(other.status, 'another email is not affected').to.equal(401);
      });
    });
  });

  describe('on Redis', () => {
    it('shares the limit between two hosts on the same Redis', async () => {
      const database = await createTestDatabase();
      const redisPrefix = `rl${randomUUID().slice(0, 8)}:`;
      const hosts: TestHost[] = [];
      try {
        hosts.push(await startTestHost({ database, redis: true, redisPrefix }));
        hosts.push(await startTestHost({ database, redis: true, redisPrefix }));
        const [a, b] = hosts as [TestHost, TestHost];
        // Every attempt counts, right or wrong; wrong ones need no user visible to both hosts
        // (two PGlite hosts on one data dir do not see each other's writes).
        const email = 'shared.limit@rate.test';
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await login(i % 2 ? b : a, email, 'a wrong password')).status);
        const sixth = await login(b, email, 'a wrong password');
        expect(statuses).to.deep.equal([401, 401, 401, 401, 401]);
        expect(sixth.status).to.equal(429);
        expect(Number(sixth.retryAfter)).to.be.within(1, 20);
        const seventh = await login(a, email, 'a wrong password');
        expect(seventh.status).to.equal(429);
      } finally {
        for (const h of hosts) await h.close();
        await database.drop();
      }
    });
  });
});
