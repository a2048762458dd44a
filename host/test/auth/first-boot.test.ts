import { expect } from 'chai';
import { createTestDatabase, startTestHost } from '../../src/testing/index.js';
import { authRuntime, directoryService } from '../../src/auth/index.js';
import { login } from './session-client.js';

describe('first boot', () => {
  it('creates the first tenant and an admin from BACON_ADMIN_EMAIL / BACON_ADMIN_PASSWORD, once', async () => {
    const database = await createTestDatabase();
    try {
      const config = { adminEmail: 'boss@example.com', adminPassword: 'a long admin password', tenantName: 'Acme' };
      const h1 = await startTestHost({ database, config });
      const tenantId = authRuntime(h1).defaultTenantId;
      const s = await login(h1, 'boss@example.com', 'a long admin password');
      expect(s.status).to.equal(200);
      expect(s.body).to.have.nested.property('user.role', 'admin');
      expect(s.body).to.have.nested.property('user.tenantId', tenantId);
      await h1.close();
      const h2 = await startTestHost({ database, config: { ...config, adminEmail: 'other@example.com' } });
      expect(authRuntime(h2).defaultTenantId, 'same tenant on the next boot').to.equal(tenantId);
      const users = await h2.service(directoryService).listUsers(tenantId);
      expect(users.map((u) => u.email)).to.deep.equal(['boss@example.com']);
      const [{ n }] = (await authRuntime(h2).knex('tenants').count({ n: '*' })) as [{ n: string }];
      expect(Number(n)).to.equal(1);
      await h2.close();
    } finally {
      await database.drop();
    }
  });

  it('keeps test hosts quiet: no generated password on stdout', async () => {
    const writes: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      writes.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      const host = await startTestHost();
      await host.close();
    } finally {
      process.stdout.write = original;
    }
    expect(writes.join('')).to.not.match(/password/i);
  });
});
