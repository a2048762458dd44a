import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Revocations } from '../../src/auth/revocations.js';
import { authRuntime } from '../../src/auth/index.js';
import { startTestHost, createTestUser, waitFor, type TestHost } from '../../src/testing/index.js';
import { me } from './session-client.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('Revocations (the isRevoked deny-list)', () => {
  let host: TestHost;
  before(async () => {
    host = await startTestHost();
  });
  after(async () => host?.close());

  const entry = () => ({ jti: randomUUID(), tenantId: authRuntime(host).defaultTenantId, expiresAt: new Date(Date.now() + 60_000) });

  it('refuses a revoked jti with the database store', async () => {
    const store = new Revocations(authRuntime(host).knex, undefined, 'x:');
    const t = entry();
    expect(await store.isRevoked(t.jti)).to.equal(false);
    await store.revoke(t);
    expect(store.backend).to.equal('db');
    expect(await store.isRevoked(t.jti)).to.equal(true);
  });

  it('refuses a revoked jti with the Redis store, from a key that expires with the token', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
    try {
      const prefix = `rv${randomUUID().slice(0, 8)}:`;
      const store = new Revocations(authRuntime(host).knex, redis, prefix);
      const t = entry();
      await store.revoke(t);
      expect(store.backend).to.equal('redis');
      expect(await store.isRevoked(t.jti)).to.equal(true);
      const ttl = await redis.pttl(`${prefix}auth:revoked:${t.jti}`);
      expect(ttl).to.be.greaterThan(0).and.at.most(60_000);
      await redis.del(`${prefix}auth:revoked:${t.jti}`);
      // A host that has no answer in memory yet (this one remembers its own revocation).
      const another = () => new Revocations(authRuntime(host).knex, redis, prefix);
      expect(await another().isRevoked(t.jti), 'Redis is the one consulted while it is up').to.equal(false);
      redis.disconnect();
      await new Promise((r) => setTimeout(r, 20));
      expect(await another().isRevoked(t.jti), 'Redis down: the database row still refuses it').to.equal(true);
    } finally {
      redis.disconnect();
    }
  });

  it('copies revocations made while Redis was away into Redis once it is back', async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true });
    try {
      const prefix = `rv${randomUUID().slice(0, 8)}:`;
      const store = new Revocations(authRuntime(host).knex, redis, prefix);
      const t = entry();
      await store.revoke(t); // Redis not connected yet: the table only
      await redis.connect();
      await store.resync();
      expect(await store.isRevoked(t.jti)).to.equal(true);
      expect(await redis.exists(`${prefix}auth:revoked:${t.jti}`)).to.equal(1);
    } finally {
      redis.disconnect();
    }
  });

  it('ignores tokens that have already expired', async () => {
    const store = new Revocations(authRuntime(host).knex, undefined, 'x:');
    const t = { ...entry(), expiresAt: new Date(Date.now() - 1000) };
    await store.revoke(t);
    expect(await store.isRevoked(t.jti)).to.equal(false);
  });

  it("refuses a revoked access token on this host's backend", async () => {
    const u = await createTestUser(host);
    expect(await me(host, u.token)).to.equal(200);
    const rt = authRuntime(host);
    expect(rt.revocations.backend).to.equal(host.config.redisUrl ? 'redis' : 'db');
    await rt.revocations.revoke({
      jti: u.user.jti!,
      tenantId: u.user.tenantId,
      userId: u.user.id,
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await me(host, u.token)).to.equal(401);
  });

  it('answers a known jti from memory, and honours a revocation made on another host at once (the bus tells it)', async () => {
    const { knex } = authRuntime(host);
    const bus = host.services.bus;
    const here = new Revocations(knex, undefined, 'x:', bus);
    const there = new Revocations(knex, undefined, 'x:', bus);
    const t = entry();
    expect(await here.isRevoked(t.jti)).to.equal(false);
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', onQuery);
    try {
      expect(await here.isRevoked(t.jti)).to.equal(false);
    } finally {
      knex.off('query', onQuery);
    }
    expect(queries, 'a cached answer asks no store').to.deep.equal([]);
    await there.revoke(t);
    await waitFor(() => here.isRevoked(t.jti), { what: 'the revocation to reach the other instance', timeoutMs: 5000 });
    expect(await here.isRevoked(t.jti)).to.equal(true);
  });
});
