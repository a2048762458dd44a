import { expect } from 'chai';
import {
  startTestHost,
  withTestHost,
  createTestTenant,
  createTestUser,
  createTestVisitor,
  type TestHost,
} from '../../src/testing/index.js';
import type { HostModule } from '../../src/host.js';
import { directoryService } from '../../src/auth/index.js';

describe('testing/auth helpers', () => {
  let host: TestHost;
  before(async () => {
    host = await startTestHost();
  });
  after(async () => host?.close());

  describe('createTestUser', () => {
    it('makes an agent of the first-boot tenant whose token opens agent routes', async () => {
      const { user, headers } = await createTestUser(host);
      expect(user.role).to.equal('agent');
      const r = await fetch(`${host.url}/api/v1/auth/me`, { headers });
      expect(r.status).to.equal(200);
      const me = (await r.json()) as { id: string; tenantId: string };
      expect(me.id).to.equal(user.id);
      const admins = await host.service(directoryService).listUsers(user.tenantId, { role: 'admin' });
      expect(admins, 'first boot made an admin in the same tenant').to.have.length(1);
    });

    it('makes an admin of another tenant when asked', async () => {
      const tenant = await createTestTenant(host, 'Other');
      const { user, headers } = await createTestUser(host, { role: 'admin', tenantId: tenant.id });
      expect(user).to.include({ role: 'admin', tenantId: tenant.id });
      const r = await fetch(`${host.url}/api/v1/users`, { headers });
      expect(r.status).to.equal(200);
      const body = (await r.json()) as { users: { id: string }[] };
      expect(body.users.map((u) => u.id)).to.deep.equal([user.id]);
    });
  });
});

describe('createTestVisitor', () => {
  it('makes a visitor session whose headers open visitor routes', async () => {
    const probe: HostModule = {
      name: 'probe',
      setup({ routes }) {
        routes.add({ method: 'get', path: '/widget/v1/whoami', auth: 'visitor', handler: (ctx) => ({ id: ctx.state.visitor.id }) });
      },
    };
    await withTestHost({ modules: [probe] }, async (host) => {
      const v = await createTestVisitor(host, { identityUserId: 'cust-1' });
      expect(v.visitor.identity).to.deep.equal({ userId: 'cust-1', verified: true });
      const r = await fetch(`${host.url}/widget/v1/whoami`, { headers: v.headers });
      expect(r.status).to.equal(200);
      expect(await r.json()).to.deep.equal({ id: v.visitor.id });
    });
  });
});
