import { expect } from 'chai';
import { startTestHost, createTestTenant, createTestUser, type TestHost, type TestUser } from '../../src/testing/index.js';
import { cookiesOf, login, me, withCookies } from './session-client.js';

const json = { 'content-type': 'application/json' };

describe('/api/v1/users', () => {
  let host: TestHost;
  let admin: TestUser;
  before(async () => {
    host = await startTestHost({ config: { rateLoginIp: '1000/20' } });
    admin = await createTestUser(host, { role: 'admin' });
  });
  after(async () => host?.close());

  const api = (path: string, method = 'GET', body?: unknown, headers = admin.headers) =>
    fetch(`${host.url}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body ? json : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  describe('POST /users', () => {
    it('creates a user who can log in, and audits it without the password', async () => {
      const r = await api('/users', 'POST', { email: 'new.agent@users.test', name: 'New', role: 'agent', password: 'new agent password' });
      expect(r.status).to.equal(201);
      const u = (await r.json()) as { id: string; role: string };
      expect(u.role).to.equal('agent');
      expect((await login(host, 'new.agent@users.test', 'new agent password')).status).to.equal(200);
      const log = (await (await api('/audit-log?action=user.created')).json()) as {
        entries: { targetId: string; after: unknown; actorId: string }[];
      };
      const entry = log.entries.find((e) => e.targetId === u.id)!;
      expect(entry.actorId).to.equal(admin.user.id);
      expect(JSON.stringify(entry)).to.not.contain('new agent password');
    });

    it('answers 409 for an email that exists and 400 for a short password', async () => {
      expect((await api('/users', 'POST', { email: 'NEW.agent@users.test', role: 'agent', password: 'another password' })).status).to.equal(
        409,
      );
      expect((await api('/users', 'POST', { email: 'short@users.test', role: 'agent', password: 'short' })).status).to.equal(400);
    });
  });

  describe('GET /users', () => {
    it('lists the users of the tenant, filtered by role', async () => {
      const all = (await (await api('/users')).json()) as { users: { role: string }[] };
      const admins = (await (await api('/users?role=admin')).json()) as { users: { role: string }[] };
      expect(all.users.length).to.be.greaterThan(admins.users.length);
      expect(admins.users.every((u) => u.role === 'admin')).to.equal(true);
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes the role, which takes effect on the next request', async () => {
      const u = await createTestUser(host);
      expect((await api('/users', 'GET', undefined, u.headers)).status).to.equal(403);
      const r = await api(`/users/${u.user.id}`, 'PATCH', { role: 'admin', name: 'Promoted' });
      expect(r.status).to.equal(200);
      expect((await api('/users', 'GET', undefined, u.headers)).status).to.equal(200);
    });

    it('refuses to demote the last admin of a tenant', async () => {
      const t = await createTestTenant(host);
      const solo = await createTestUser(host, { role: 'admin', tenantId: t.id });
      const r = await api(`/users/${solo.user.id}`, 'PATCH', { role: 'agent' }, solo.headers);
      expect(r.status).to.equal(409);
      expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('last_admin');
    });

    it('ends the sessions of a user whose password changes', async () => {
      const u = await createTestUser(host);
      await api(`/users/${u.user.id}`, 'PATCH', { password: 'a brand new password' });
      expect(await me(host, u.token)).to.equal(401);
    });
  });

  describe('POST /users/:id/revoke-sessions', () => {
    it('logs the user out everywhere: access tokens and refresh tokens', async () => {
      const u = await createTestUser(host, { password: 'revoke me please' });
      const s1 = await login(host, u.user.email!, 'revoke me please');
      const s2 = await login(host, u.user.email!, 'revoke me please');
      const r = await api(`/users/${u.user.id}/revoke-sessions`, 'POST');
      expect(r.status).to.equal(200);
      expect(((await r.json()) as { revokedSessions: number }).revokedSessions).to.equal(2);
      for (const t of [u.token, s1.body.accessToken!, s2.body.accessToken!]) expect(await me(host, t)).to.equal(401);
      expect((await withCookies(host, 'refresh', cookiesOf(s1))).status).to.equal(401);
      const again = await login(host, u.user.email!, 'revoke me please');
      expect(await me(host, again.body.accessToken!), 'a new login works at once').to.equal(200);
    });
  });

  describe('DELETE /users/:id', () => {
    it('deletes the user and their tokens stop working', async () => {
      const u = await createTestUser(host);
      expect((await api(`/users/${u.user.id}`, 'DELETE')).status).to.equal(204);
      expect(await me(host, u.token)).to.equal(401);
      expect((await api(`/users/${u.user.id}`)).status).to.equal(404);
    });
  });
});
