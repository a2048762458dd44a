import { expect } from 'chai';
import { startTestHost, createTestUser, type TestHost, type TestUser } from '../../src/testing/index.js';
import { authRuntime, directoryService } from '../../src/auth/index.js';
import { asSession, cookiesOf, login, me, withCookies } from './session-client.js';

describe('auth routes', () => {
  let host: TestHost;
  let agent: TestUser;
  before(async () => {
    host = await startTestHost({ config: { rateLoginIp: '1000/20', rateLoginEmail: '1000/300' } });
    agent = await createTestUser(host, { email: 'agent@routes.test', password: 'correct horse battery' });
  });
  after(async () => host?.close());

  describe('POST /api/v1/auth/login', () => {
    it('answers an access token, the user and a CSRF token, and sets the session cookies', async () => {
      const s = await login(host, 'Agent@Routes.test', 'correct horse battery');
      expect(s.status).to.equal(200);
      expect(s.body).to.include.keys('accessToken', 'csrfToken', 'user');
      expect(s.body).to.not.have.property('refreshToken');
      const refresh = s.setCookie.find((c) => c.startsWith('bacon_refresh='))!;
      expect(refresh)
        .to.match(/httponly/i)
        .and.match(/samesite=strict/i)
        .and.match(/path=\/api\/v1\/auth/i);
      const csrf = s.setCookie.find((c) => c.startsWith('bacon_csrf='))!;
      expect(csrf).to.not.match(/httponly/i);
      expect(s.cookies.bacon_csrf).to.equal(s.body.csrfToken);
      expect(await me(host, s.body.accessToken!)).to.equal(200);
    });

    it('refuses a wrong password and an unknown email alike', async () => {
      const a = await login(host, 'agent@routes.test', 'wrong password!');
      const b = await login(host, 'nobody@routes.test', 'correct horse battery');
      expect([a.status, b.status]).to.deep.equal([401, 401]);
      expect(a.body.error).to.deep.equal(b.body.error);
      expect(a.body.error!.code).to.equal('invalid_credentials');
    });

    it('refuses a disabled user', async () => {
      const admin = await createTestUser(host, { role: 'admin' });
      const u = await createTestUser(host, { password: 'disabled user pw' });
      await fetch(`${host.url}/api/v1/users/${u.user.id}`, {
        method: 'PATCH',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ disabled: true }),
      });
      expect((await login(host, u.user.email!, 'disabled user pw')).status).to.equal(401);
      expect(await me(host, u.token), 'and its tokens stop working').to.equal(401);
    });

    it('answers 400 to a body that misses the password', async () => {
      const r = await fetch(`${host.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'x@y.z' }),
      });
      expect(r.status).to.equal(400);
    });

    it('logs in the first-boot admin', async () => {
      const admins = await host.service(directoryService).listUsers(authRuntime(host).defaultTenantId, { role: 'admin' });
      expect(admins.map((a) => a.email)).to.include('admin@bacon.local');
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates the refresh token with the double-submit CSRF token', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery');
      const r = await withCookies(host, 'refresh', cookiesOf(s));
      expect(r.status).to.equal(200);
      expect(r.cookies.bacon_refresh).to.be.a('string').and.not.equal(s.cookies.bacon_refresh);
      expect(await me(host, r.body.accessToken!)).to.equal(200);
    });

    it('refuses a missing or wrong CSRF header with 403', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery');
      const wrong = await withCookies(host, 'refresh', cookiesOf(s), 'not-the-token');
      expect(wrong.status).to.equal(403);
      expect(wrong.body.error!.code).to.equal('csrf_failed');
      const none = await asSession(
        await fetch(`${host.url}/api/v1/auth/refresh`, { method: 'POST', headers: { cookie: `bacon_refresh=${s.cookies.bacon_refresh}` } }),
      );
      expect(none.status).to.equal(403);
      expect((await withCookies(host, 'refresh', cookiesOf(s))).status, 'the token was not spent by the refused attempts').to.equal(200);
    });

    it('revokes the whole family when a spent refresh token comes back', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery');
      const first = cookiesOf(s);
      const r1 = await withCookies(host, 'refresh', first);
      const r2 = await withCookies(host, 'refresh', cookiesOf(r1));
      expect(r2.status).to.equal(200);
      const reuse = await withCookies(host, 'refresh', first);
      expect(reuse.status).to.equal(401);
      expect(reuse.body.error!.code).to.equal('refresh_token_reused');
      const newest = await withCookies(host, 'refresh', cookiesOf(r2));
      expect(newest.status, 'the newest token of the family is dead too').to.equal(401);
      expect(newest.body.error!.code, 'it was never used: it is revoked, not reused').to.equal('refresh_token_revoked');
      expect(await me(host, r2.body.accessToken!), 'and so are its access tokens').to.equal(401);
      expect(await me(host, s.body.accessToken!)).to.equal(401);
      const other = await login(host, 'agent@routes.test', 'correct horse battery');
      expect(await me(host, other.body.accessToken!), 'other logins are untouched').to.equal(200);
    });

    it('takes the refresh token from the body for clients that keep it themselves (no CSRF needed)', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery', { refreshIn: 'body' });
      expect(s.body.refreshToken).to.be.a('string');
      expect(s.setCookie, 'no cookies for such clients').to.deep.equal([]);
      const r = await asSession(
        await fetch(`${host.url}/api/v1/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: s.body.refreshToken }),
        }),
      );
      expect(r.status).to.equal(200);
      expect(r.body.refreshToken).to.be.a('string').and.not.equal(s.body.refreshToken);
    });

    it('answers 401 to an unknown refresh token', async () => {
      const r = await withCookies(host, 'refresh', { refresh: 'x'.repeat(43), csrf: 'c' });
      expect(r.status).to.equal(401);
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('ends the session: the refresh token and the access token (by jti) are refused afterwards', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery');
      expect(await me(host, s.body.accessToken!)).to.equal(200);
      const out = await withCookies(host, 'logout', cookiesOf(s));
      expect(out.status).to.equal(204);
      expect(out.cookies.bacon_refresh).to.equal('');
      expect(await me(host, s.body.accessToken!)).to.equal(401);
      const again = await withCookies(host, 'refresh', cookiesOf(s));
      expect(again.status).to.equal(401);
      expect(again.body.error!.code, 'a signed-out session is not a leaked token').to.equal('refresh_token_revoked');
    });

    it('refuses a cached access token at once after logout (the verification is cached, the deny-list is not)', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery');
      const cache = authRuntime(host).verifiedTokens;
      const before = cache.size;
      expect(await me(host, s.body.accessToken!)).to.equal(200);
      expect(cache.size, 'the access token verified once is remembered').to.equal(before + 1);
      expect(await me(host, s.body.accessToken!), 'answered from the cache').to.equal(200);
      expect((await withCookies(host, 'logout', cookiesOf(s))).status).to.equal(204);
      const r = await fetch(`${host.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${s.body.accessToken!}` } });
      expect(r.status).to.equal(401);
      expect(((await r.json()) as { error: { details: { reason: string } } }).error.details.reason).to.equal('token_revoked');
    });

    it('needs the CSRF token', async () => {
      const s = await login(host, 'agent@routes.test', 'correct horse battery');
      expect((await withCookies(host, 'logout', cookiesOf(s), '')).status).to.equal(403);
      expect(await me(host, s.body.accessToken!)).to.equal(200);
    });
  });

  describe('GET /api/v1/auth/me', () => {
    it('answers the caller', async () => {
      const r = await fetch(`${host.url}/api/v1/auth/me`, { headers: agent.headers });
      expect(((await r.json()) as { email: string }).email).to.equal('agent@routes.test');
    });
  });
});
