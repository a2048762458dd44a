import { expect } from 'chai';
import { startTestHost, createTestTenant, createTestUser, type TestHost, type TestUser } from '../../src/testing/index.js';

interface Entry {
  id: string;
  action: string;
  actorId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

describe('GET /api/v1/audit-log', () => {
  let host: TestHost;
  let admin: TestUser;
  before(async () => {
    host = await startTestHost({ config: { trustedProxies: 1 } });
    admin = await createTestUser(host, { role: 'admin' });
    for (let i = 0; i < 5; i++) {
      await fetch(`${host.url}/api/v1/ip-rules`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.55' },
        body: JSON.stringify({ cidr: `198.51.100.${i}`, action: 'block' }),
      });
    }
  });
  after(async () => host?.close());

  const page = async (query: string, u: TestUser = admin) =>
    (await (await fetch(`${host.url}/api/v1/audit-log${query}`, { headers: u.headers })).json()) as {
      entries: Entry[];
      nextCursor: string | null;
    };

  it('records who did what, from where, with before and after', async () => {
    const { entries } = await page('?action=ip_rule.created&limit=1');
    expect(entries[0]).to.deep.include({ action: 'ip_rule.created', actorId: admin.user.id, ip: '192.0.2.55', before: null });
    expect(entries[0]!.after).to.deep.include({ cidr: '198.51.100.4/32', action: 'block' });
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const first = await page('?action=ip_rule.created&limit=2');
    const second = await page(`?action=ip_rule.created&limit=2&cursor=${first.nextCursor}`);
    const third = await page(`?action=ip_rule.created&limit=2&cursor=${second.nextCursor}`);
    const cidrs = [...first.entries, ...second.entries, ...third.entries].map((e) => (e.after as { cidr: string }).cidr);
    expect(cidrs).to.deep.equal([4, 3, 2, 1, 0].map((i) => `198.51.100.${i}/32`));
    expect(third.nextCursor).to.equal(null);
  });

  it("shows nothing of another tenant's log", async () => {
    const other = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
    expect((await page('', other)).entries).to.deep.equal([]);
  });

  it('answers 400 to a malformed cursor', async () => {
    const r = await fetch(`${host.url}/api/v1/audit-log?cursor=bm9wZQ`, { headers: admin.headers });
    expect(r.status).to.equal(400);
  });
});
