import { expect } from 'chai';
import { definePlugin } from '@bacon/sdk';
import { authRuntime } from '../../src/auth/index.js';
import { identityHash, signSiteConfig } from '../../src/security/index.js';
import { startTestHost, createTestUser, type TestHost, type TestUser } from '../../src/testing/index.js';

const ORIGIN = 'https://shop.example';
const json = { 'content-type': 'application/json' };

/**
 * The session routes a plugin mounts over the host's visitor sessions (as the channels plugin does,
 * which also rate-limits them), and a visitor route.
 */
const sessionRoutes = definePlugin({
  id: 'site-sessions',
  version: '1.0.0',
  services: ['visitorSessions', 'publicRoutes'],
  init(ctx) {
    const sessions = ctx.services.visitorSessions;
    const routes = ctx.services.publicRoutes.scope('/widget/v1', 'site-sessions', { crossOrigin: 'site-keys' });
    routes.get('/config', { auth: 'public', handler: (http) => sessions.signedConfig(http, String(http.query.siteKey)) });
    routes.post('/session', {
      auth: 'public',
      handler: async (http) => {
        const answer = await sessions.open(http, http.request.body as { siteKey: string; config: string });
        http.status = 201;
        return answer;
      },
    });
    routes.get('/probe', { auth: 'visitor', handler: (http) => ({ visitor: http.state.visitor, tenantId: http.state.tenantId }) });
  },
});

interface SiteKey {
  id: string;
  key: string;
  identitySecret: string;
}

describe('site keys and visitor sessions', () => {
  let host: TestHost;
  let admin: TestUser;
  before(async () => {
    host = await startTestHost({ plugins: [sessionRoutes] });
    admin = await createTestUser(host, { role: 'admin' });
  });
  after(async () => host?.close());

  const createSite = async (body: Record<string, unknown>): Promise<SiteKey> => {
    const r = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, ...json },
      body: JSON.stringify(body),
    });
    expect(r.status).to.equal(201);
    return (await r.json()) as SiteKey;
  };
  const config = async (key: string, origin = ORIGIN) => fetch(`${host.url}/widget/v1/config?siteKey=${key}`, { headers: { origin } });
  const signedConfig = async (key: string) => ((await (await config(key)).json()) as { signed: string }).signed;
  const session = (body: Record<string, unknown>, origin = ORIGIN) =>
    fetch(`${host.url}/widget/v1/session`, { method: 'POST', headers: { ...json, origin }, body: JSON.stringify(body) });
  const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; details?: { reason?: string } } }).error;

  describe('POST /api/v1/site-keys', () => {
    it('creates a key with normalised origins and shows the identity secret once', async () => {
      const s = await createSite({ name: 'Shop', allowedOrigins: ['https://Shop.example'] });
      expect(s.key).to.match(/^sk_/);
      expect(s.identitySecret).to.be.a('string');
      const again = (await (await fetch(`${host.url}/api/v1/site-keys/${s.id}`, { headers: admin.headers })).json()) as Record<
        string,
        unknown
      >;
      expect(again.allowedOrigins).to.deep.equal(['https://shop.example']);
      expect(again).to.not.have.property('identitySecret');
    });

    it('refuses an origin with a path', async () => {
      const r = await fetch(`${host.url}/api/v1/site-keys`, {
        method: 'POST',
        headers: { ...admin.headers, ...json },
        body: JSON.stringify({ allowedOrigins: ['https://shop.example/page'] }),
      });
      expect(r.status).to.equal(400);
    });
  });

  describe('GET /widget/v1/config and POST /widget/v1/session', () => {
    it('open a visitor session from an allowed origin, which opens visitor routes', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const r = await session({ siteKey: s.key, config: await signedConfig(s.key) });
      expect(r.status).to.equal(201);
      const { token } = (await r.json()) as { token: string };
      const probe = await fetch(`${host.url}/widget/v1/probe`, { headers: { authorization: `Bearer ${token}`, origin: ORIGIN } });
      expect(probe.status).to.equal(200);
      const body = (await probe.json()) as { visitor: { siteKey: string; tenantId: string }; tenantId: string };
      expect(body.visitor.siteKey).to.equal(s.key);
      expect(body.tenantId).to.equal(admin.user.tenantId);
    });

    it('refuse a wrong origin', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      expect((await config(s.key, 'https://evil.example')).status).to.equal(403);
      const r = await session({ siteKey: s.key, config: await signedConfig(s.key) }, 'https://evil.example');
      expect(r.status).to.equal(403);
      expect((await errorOf(r)).code).to.equal('origin_not_allowed');
      const noOrigin = await fetch(`${host.url}/widget/v1/session`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ siteKey: s.key, config: await signedConfig(s.key) }),
      });
      expect(noOrigin.status).to.equal(403);
    });

    it('refuse a visitor token used from a wrong origin', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const { token } = (await (await session({ siteKey: s.key, config: await signedConfig(s.key) })).json()) as { token: string };
      expect(
        (await fetch(`${host.url}/widget/v1/probe`, { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } }))
          .status,
      ).to.equal(403);
    });

    it('refuse an unknown site key', async () => {
      const r = await session({ siteKey: 'sk_doesnotexist123456', config: 'aaaaaaaaaa.bbbbbbbbbb' });
      expect(r.status).to.equal(401);
      expect((await errorOf(r)).code).to.equal('invalid_site_key');
    });

    it('refuse a tampered config', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const signed = await signedConfig(s.key);
      const [body, sig] = signed.split('.');
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${Buffer.from(JSON.stringify({ ...payload, identityRequired: false, exp: (payload.exp as number) + 99999 })).toString('base64url')}.${sig}`;
      const r = await session({ siteKey: s.key, config: tampered });
      expect(r.status).to.equal(401);
      expect(await errorOf(r)).to.deep.include({ code: 'invalid_widget_config', details: { reason: 'config_bad_signature' } });
      const other = await createSite({ allowedOrigins: [ORIGIN] });
      const foreign = await session({ siteKey: s.key, config: await signedConfig(other.key) });
      expect(foreign.status, "another site's config").to.equal(401);
    });

    it('refuse an expired config', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const row = (await authRuntime(host).knex('site_keys').where({ id: s.id }).first()) as { config_secret: string };
      const expired = signSiteConfig(row.config_secret, { sk: s.key, exp: Math.floor(Date.now() / 1000) - 1, identityRequired: false });
      const r = await session({ siteKey: s.key, config: expired });
      expect(r.status).to.equal(401);
      expect((await errorOf(r)).details!.reason).to.equal('config_expired');
    });

    it('refuse unsigned sessions when identity is mandatory, and accept a signed identity', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN], identityRequired: true });
      const anon = await session({ siteKey: s.key, config: await signedConfig(s.key) });
      expect(anon.status).to.equal(401);
      expect((await errorOf(anon)).code).to.equal('identity_required');
      const forged = await session({
        siteKey: s.key,
        config: await signedConfig(s.key),
        identity: { userId: 'cust-42', hash: identityHash('not the secret', 'cust-42') },
      });
      expect(forged.status).to.equal(401);
      expect((await errorOf(forged)).code).to.equal('identity_invalid');
      const ok = await session({
        siteKey: s.key,
        config: await signedConfig(s.key),
        identity: { userId: 'cust-42', hash: identityHash(s.identitySecret, 'cust-42') },
      });
      expect(ok.status).to.equal(201);
      const { token } = (await ok.json()) as { token: string };
      const probe = (await (
        await fetch(`${host.url}/widget/v1/probe`, { headers: { authorization: `Bearer ${token}`, origin: ORIGIN } })
      ).json()) as { visitor: { identity: unknown } };
      expect(probe.visitor.identity).to.deep.equal({ userId: 'cust-42', verified: true });
    });

    it('refuse existing anonymous sessions once a site makes identity mandatory', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const { token } = (await (await session({ siteKey: s.key, config: await signedConfig(s.key) })).json()) as { token: string };
      await fetch(`${host.url}/api/v1/site-keys/${s.id}`, {
        method: 'PATCH',
        headers: { ...admin.headers, ...json },
        body: JSON.stringify({ identityRequired: true }),
      });
      expect(
        (await fetch(`${host.url}/widget/v1/probe`, { headers: { authorization: `Bearer ${token}`, origin: ORIGIN } })).status,
      ).to.equal(401);
    });

    it('refuse sessions of a deleted site key', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const { token } = (await (await session({ siteKey: s.key, config: await signedConfig(s.key) })).json()) as { token: string };
      expect((await fetch(`${host.url}/api/v1/site-keys/${s.id}`, { method: 'DELETE', headers: admin.headers })).status).to.equal(204);
      expect((await fetch(`${host.url}/widget/v1/probe`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(401);
    });

    it('refuse configs signed before the secrets were rotated', async () => {
      const s = await createSite({ allowedOrigins: [ORIGIN] });
      const old = await signedConfig(s.key);
      const rotated = await fetch(`${host.url}/api/v1/site-keys/${s.id}/rotate-secrets`, { method: 'POST', headers: admin.headers });
      expect(((await rotated.json()) as SiteKey).identitySecret).to.not.equal(s.identitySecret);
      expect((await session({ siteKey: s.key, config: old })).status).to.equal(401);
    });
  });

  describe('visitor routes', () => {
    it('refuse agent tokens and missing tokens', async () => {
      expect((await fetch(`${host.url}/widget/v1/probe`)).status).to.equal(401);
      expect((await fetch(`${host.url}/widget/v1/probe`, { headers: admin.headers })).status).to.equal(401);
    });
  });

  describe('CORS', () => {
    it('answers preflights only for origins some site key lists', async () => {
      await createSite({ allowedOrigins: ['https://cors.example'] });
      const ok = await fetch(`${host.url}/widget/v1/session`, {
        method: 'OPTIONS',
        headers: { origin: 'https://cors.example', 'access-control-request-method': 'POST' },
      });
      expect(ok.status).to.equal(204);
      expect(ok.headers.get('access-control-allow-origin')).to.equal('https://cors.example');
      const bad = await fetch(`${host.url}/widget/v1/session`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(bad.status).to.equal(403);
      expect(bad.headers.get('access-control-allow-origin')).to.equal(null);
    });

    it('never adds CORS headers to the console API', async () => {
      await createSite({ allowedOrigins: ['https://cors2.example'] });
      const r = await fetch(`${host.url}/api/v1/auth/me`, { headers: { ...admin.headers, origin: 'https://cors2.example' } });
      expect(r.status).to.equal(200);
      expect(r.headers.get('access-control-allow-origin')).to.equal(null);
    });
  });
});
