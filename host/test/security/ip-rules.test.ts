import { expect } from 'chai';
import { createTestTenant, createTestUser, withTestHost, startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';

const json = { 'content-type': 'application/json' };

describe('IP rules', () => {
  describe('/api/v1/ip-rules', () => {
    let host: TestHost;
    let admin: TestUser;
    before(async () => {
      host = await startTestHost({ config: { trustedProxies: 1 } });
      admin = await createTestUser(host, { role: 'admin' });
    });
    after(async () => host?.close());

    const from = (ip: string, u: TestUser = admin) => ({ ...u.headers, 'x-forwarded-for': ip });
    const rule = async (cidr: string, action: 'allow' | 'block') => {
      const r = await fetch(`${host.url}/api/v1/ip-rules`, {
        method: 'POST',
        headers: { ...from('192.0.2.1'), ...json },
        body: JSON.stringify({ cidr, action, note: 'test' }),
      });
      expect(r.status).to.equal(201);
      return ((await r.json()) as { id: string; cidr: string }).id;
    };
    const remove = async (id: string) => {
      const r = await fetch(`${host.url}/api/v1/ip-rules/${id}`, { method: 'DELETE', headers: from('192.0.2.1') });
      expect(r.status).to.equal(204);
    };
    const meFrom = async (ip: string, u: TestUser = admin) => (await fetch(`${host.url}/api/v1/auth/me`, { headers: from(ip, u) })).status;

    it('refuses a blocked CIDR (IPv4 and IPv6) for users of the tenant with 403 ip_refused', async () => {
      const v4 = await rule('198.51.100.0/24', 'block');
      const v6 = await rule('2001:db8:bad::/48', 'block');
      expect(await meFrom('198.51.100.77')).to.equal(403);
      expect(await meFrom('2001:db8:bad::1')).to.equal(403);
      expect(await meFrom('198.51.101.1')).to.equal(200);
      const r = await fetch(`${host.url}/api/v1/auth/me`, { headers: from('198.51.100.77') });
      expect(((await r.json()) as { error: { code: string; details: { reason: string } } }).error).to.deep.include({
        code: 'ip_refused',
        details: { reason: 'ip_blocked', scope: 'tenant' },
      });
      await remove(v4);
      await remove(v6);
      expect(await meFrom('198.51.100.77'), 'removing the rule lifts it at once').to.equal(200);
    });

    it('in allow-list mode refuses every other address', async () => {
      const id = await rule('192.0.2.0/24', 'allow');
      expect(await meFrom('192.0.2.200')).to.equal(200);
      expect(await meFrom('203.0.113.1')).to.equal(403);
      await remove(id);
      expect(await meFrom('203.0.113.1')).to.equal(200);
    });

    it("applies only to the tenant's own users", async () => {
      const other = await createTestUser(host, { tenantId: (await createTestTenant(host)).id });
      const id = await rule('203.0.113.0/24', 'block');
      expect(await meFrom('203.0.113.9', other)).to.equal(200);
      await remove(id);
    });

    it('lists, reads and changes rules, and refuses a malformed CIDR with 400', async () => {
      const id = await rule('2001:DB8::5', 'block');
      const list = (await (await fetch(`${host.url}/api/v1/ip-rules`, { headers: from('192.0.2.1') })).json()) as {
        rules: { id: string; cidr: string }[];
      };
      expect(list.rules.find((r) => r.id === id)!.cidr).to.equal('2001:db8::5/128');
      const patched = await fetch(`${host.url}/api/v1/ip-rules/${id}`, {
        method: 'PATCH',
        headers: { ...from('192.0.2.1'), ...json },
        body: JSON.stringify({ note: 'renamed' }),
      });
      expect(((await patched.json()) as { note: string }).note).to.equal('renamed');
      const bad = await fetch(`${host.url}/api/v1/ip-rules`, {
        method: 'POST',
        headers: { ...from('192.0.2.1'), ...json },
        body: JSON.stringify({ cidr: '10.0.0.0/40', action: 'block' }),
      });
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).to.equal('invalid_cidr');
      await remove(id);
    });
  });

  describe('lock-out guard', () => {
    let host: TestHost;
    let admin: TestUser;
    before(async () => {
      host = await startTestHost({ config: { trustedProxies: 1 } });
      admin = await createTestUser(host, { role: 'admin' });
    });
    after(async () => host?.close());

    const send = (method: string, path: string, ip: string, body?: unknown) =>
      fetch(`${host.url}/api/v1/ip-rules${path}`, {
        method,
        headers: { ...admin.headers, 'x-forwarded-for': ip, ...(body ? json : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const codeOf = async (r: Response) => ((await r.json()) as { error: { code: string; details: { ip: string } } }).error;

    it("refuses an allow rule that does not cover the admin's own address, and a block rule that does", async () => {
      const allow = await send('POST', '', '127.0.0.1', { cidr: '10.0.0.0/8', action: 'allow' });
      expect(allow.status).to.equal(409);
      expect(await codeOf(allow)).to.deep.include({ code: 'ip_rules_lock_out', details: { ip: '127.0.0.1', reason: 'ip_not_allowed' } });
      const block = await send('POST', '', '198.51.100.7', { cidr: '198.51.100.0/24', action: 'block' });
      expect(block.status).to.equal(409);
      expect((await send('GET', '', '127.0.0.1')).status, 'nothing was stored, the admin still gets in').to.equal(200);
      expect(((await (await send('GET', '', '127.0.0.1')).json()) as { rules: unknown[] }).rules).to.deep.equal([]);
    });

    it('allows the same rule once an allow rule covers the admin, and refuses removing or narrowing that one', async () => {
      const mine = await send('POST', '', '127.0.0.1', { cidr: '127.0.0.0/8', action: 'allow' });
      expect(mine.status).to.equal(201);
      const mineId = ((await mine.json()) as { id: string }).id;
      expect((await send('POST', '', '127.0.0.1', { cidr: '10.0.0.0/8', action: 'allow' })).status).to.equal(201);
      const remove = await send('DELETE', `/${mineId}`, '127.0.0.1');
      expect(remove.status).to.equal(409);
      const narrow = await send('PATCH', `/${mineId}`, '127.0.0.1', { cidr: '127.0.0.2/32' });
      expect(narrow.status).to.equal(409);
      expect((await send('PATCH', `/${mineId}`, '127.0.0.1', { note: 'me' })).status, 'a change that keeps the admin in is fine').to.equal(
        200,
      );
      expect((await send('DELETE', `/${mineId}`, '10.1.2.3')).status, 'an admin covered by the other rule may remove it').to.equal(204);
    });
  });

  describe('X-Forwarded-For', () => {
    it('is ignored without trusted proxies: a client cannot dodge a block by claiming another address', async () => {
      await withTestHost({ config: { ipBlock: ['127.0.0.0/8', '::1'] } }, async (host) => {
        const r = await fetch(`${host.url}/healthz`, { headers: { 'x-forwarded-for': '192.0.2.1' } });
        expect(r.status).to.equal(403);
      });
    });

    it('is honoured from a trusted proxy, using only the hop the proxy appended', async () => {
      await withTestHost({ config: { trustedProxies: 1, ipBlock: ['203.0.113.0/24'] } }, async (host) => {
        expect((await fetch(`${host.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.4' } })).status).to.equal(403);
        expect(
          (await fetch(`${host.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.4, 192.0.2.8' } })).status,
          'the spoofed left entry does not count',
        ).to.equal(200);
        expect((await fetch(`${host.url}/healthz`, { headers: { 'x-forwarded-for': '192.0.2.8, 203.0.113.4' } })).status).to.equal(403);
      });
    });
  });

  describe('global lists (BACON_IP_ALLOW / BACON_IP_BLOCK)', () => {
    it('refuse every route, public ones included, in allow-list mode', async () => {
      await withTestHost({ config: { trustedProxies: 1, ipAllow: ['10.0.0.0/8'] } }, async (host) => {
        expect((await fetch(`${host.url}/healthz`, { headers: { 'x-forwarded-for': '10.9.9.9' } })).status).to.equal(200);
        const r = await fetch(`${host.url}/healthz`, { headers: { 'x-forwarded-for': '192.0.2.1' } });
        expect(r.status).to.equal(403);
        expect(((await r.json()) as { error: { details: { scope: string; reason: string } } }).error.details).to.deep.equal({
          reason: 'ip_not_allowed',
          scope: 'global',
        });
      });
    });

    it('stop the boot on a malformed entry, naming the variable', async () => {
      let err: unknown;
      await startTestHost({ config: { ipBlock: ['10.0.0.0/99'] } }).then(
        (h) => h.close(),
        (e: unknown) => (err = e),
      );
      expect((err as Error).message).to.match(/BACON_IP_BLOCK/);
    });
  });
});
