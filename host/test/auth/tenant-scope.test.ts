import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { authRuntime, findInTenant, scopeByTenant, tenantOf } from '../../src/auth/index.js';
import { startTestHost, createTestTenant, createTestUser, type TestHost } from '../../src/testing/index.js';
import { isBaconError } from '@bacon/sdk';

describe('tenant scope helpers', () => {
  let host: TestHost;
  before(async () => {
    host = await startTestHost();
  });
  after(async () => host?.close());

  const status = async (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: unknown) => (isBaconError(e) ? e.status : 500),
    );

  describe('scopeByTenant', () => {
    it("adds the caller's tenant to a query", async () => {
      const other = await createTestTenant(host);
      const mine = await createTestUser(host);
      await createTestUser(host, { tenantId: other.id });
      const ctx = { state: { tenantId: mine.user.tenantId } };
      const rows = (await scopeByTenant(authRuntime(host).knex('users'), ctx)) as { tenant_id: string }[];
      expect(rows.length).to.be.greaterThan(0);
      expect(rows.every((r) => r.tenant_id === mine.user.tenantId)).to.equal(true);
    });
  });

  describe('findInTenant', () => {
    it("answers 404 for another tenant's row, a missing id and a malformed id alike", async () => {
      const other = await createTestTenant(host);
      const theirs = await createTestUser(host, { tenantId: other.id });
      const mine = await createTestUser(host);
      const knex = authRuntime(host).knex;
      const ctx = { state: { tenantId: mine.user.tenantId } };
      expect(await status(findInTenant(knex('users'), ctx, mine.user.id, 'user'))).to.equal(200);
      expect(await status(findInTenant(knex('users'), ctx, theirs.user.id, 'user'))).to.equal(404);
      expect(await status(findInTenant(knex('users'), ctx, randomUUID(), 'user'))).to.equal(404);
      expect(await status(findInTenant(knex('users'), ctx, 'not-a-uuid', 'user'))).to.equal(404);
    });
  });

  describe('tenantOf', () => {
    it('refuses a request without a tenant', () => {
      expect(() => tenantOf({ state: {} })).to.throw(/No tenant/);
    });
  });
});
