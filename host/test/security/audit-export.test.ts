import { expect } from 'chai';
import { startTestHost, createTestTenant, createTestUser, type TestHost, type TestUser } from '../../src/testing/index.js';
import { csvCell } from '../../src/security/audit-csv.js';

interface Entry {
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  createdAt: string;
}

/** The error message a database statement fails with (the test fails if it succeeds). */
async function refusal(statement: PromiseLike<unknown>): Promise<string> {
  try {
    await statement;
  } catch (err) {
    return String((err as Error).message);
  }
  throw new Error('the statement was not refused');
}

describe('csvCell', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('a "b", c')).to.equal('"a ""b"", c"');
    expect(csvCell(null)).to.equal('""');
    expect(csvCell({ a: 1 })).to.equal('"{""a"":1}"');
  });

  it('neutralises texts a spreadsheet would run as formulas', () => {
    for (const f of ['=1+1', '+1', '-1+2', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(f), f).to.equal(`"'${f}"`);
    expect(csvCell('1+1=2')).to.equal('"1+1=2"');
  });
});

describe('the audit log', () => {
  let host: TestHost;
  let admin: TestUser;
  let other: TestUser;
  const get = (path: string, u: TestUser = admin) => fetch(`${host.url}/api/v1/audit-log${path}`, { headers: u.headers });
  const entries = async (query: string) => ((await (await get(query)).json()) as { entries: Entry[] }).entries;
  const rule = (u: TestUser, cidr: string) =>
    fetch(`${host.url}/api/v1/ip-rules`, {
      method: 'POST',
      headers: { ...u.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ cidr, action: 'block', note: '=HYPERLINK("http://evil.example")' }),
    });

  before(async () => {
    host = await startTestHost();
    const tenantId = (await createTestTenant(host)).id;
    admin = await createTestUser(host, { role: 'admin', tenantId, name: 'Ada Admin', email: 'ada@audit.test' });
    other = await createTestUser(host, { role: 'admin', tenantId, name: '=cmd|"/C calc"!A0', email: 'eve@audit.test' });
    expect((await rule(admin, '198.51.100.1')).status).to.equal(201);
    expect((await rule(other, '198.51.100.2')).status).to.equal(201);
  });
  after(async () => host?.close());

  describe('GET /api/v1/audit-log', () => {
    it("names each entry's actor", async () => {
      const [e] = await entries(`?action=ip_rule.created&actorId=${admin.user.id}`);
      expect(e).to.deep.include({ actorId: admin.user.id, actorName: 'Ada Admin', actorEmail: 'ada@audit.test' });
    });

    it('filters by a time range and by an action prefix', async () => {
      const all = await entries('?action=ip_rule.*');
      expect(all.map((e) => e.actorId)).to.deep.equal([other.user.id, admin.user.id]);
      const [newer, older] = all;
      const since = await entries(`?action=ip_rule.*&from=${encodeURIComponent(newer!.createdAt)}`);
      expect(since.map((e) => e.actorId)).to.deep.equal([other.user.id]);
      const before = await entries(`?action=ip_rule.*&to=${encodeURIComponent(newer!.createdAt)}`);
      expect(before.map((e) => e.actorId)).to.deep.equal([older!.actorId]);
      expect(await entries('?action=ip_rule.cre')).to.deep.equal([]);
    });

    it('answers 400 to a malformed time', async () => {
      expect((await get('?from=yesterday')).status).to.equal(400);
    });
  });

  describe('GET /api/v1/audit-log/export.csv', () => {
    it('exports the filtered log as CSV with formulas neutralised, and audits the export', async () => {
      const res = await get('/export.csv?action=ip_rule.*');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/csv/);
      const lines = (await res.text()).trim().split('\r\n');
      expect(lines[0]).to.equal('created_at,action,actor_kind,actor_id,actor_name,actor_email,target_type,target_id,ip,before,after');
      expect(lines).to.have.length(3);
      expect(lines[1]).to.include(`"'=cmd|""/C calc""!A0"`).and.include('"eve@audit.test"');
      expect(lines[2]).to.include('"Ada Admin"').and.include('HYPERLINK');
      const [exported] = await entries('?action=audit_log.exported');
      expect(exported).to.deep.include({ actorId: admin.user.id });
    });

    it('is for admins only', async () => {
      const agent = await createTestUser(host, { role: 'agent', tenantId: admin.user.tenantId });
      expect((await get('/export.csv', agent)).status).to.equal(403);
    });
  });

  describe('append-only', () => {
    it('offers no route to change or remove an entry', async () => {
      const doc = (await (await fetch(`${host.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const methods = Object.entries(doc.paths)
        .filter(([p]) => p.startsWith('/api/v1/audit-log'))
        .flatMap(([, ops]) => Object.keys(ops));
      expect(methods).to.have.length(2);
      expect(new Set(methods)).to.deep.equal(new Set(['get']));
      for (const method of ['PUT', 'PATCH', 'DELETE'])
        expect((await fetch(`${host.url}/api/v1/audit-log`, { method, headers: admin.headers })).status).to.be.oneOf([404, 405]);
    });

    it('refuses UPDATE, DELETE and TRUNCATE of audit_log in the database', async () => {
      const { knex } = host.services.db;
      const before = await knex('audit_log').count('* as n').first();
      expect(await refusal(knex('audit_log').update({ action: 'forged' }))).to.match(/append-only/);
      expect(await refusal(knex('audit_log').delete())).to.match(/append-only/);
      expect(await refusal(knex.raw('TRUNCATE audit_log'))).to.match(/append-only/);
      expect(await knex('audit_log').count('* as n').first()).to.deep.equal(before);
      expect(await knex('audit_log').where({ action: 'forged' })).to.deep.equal([]);
    });

    it('lets a transaction that declares a purge remove rows, and only that transaction', async () => {
      const { knex } = host.services.db;
      const exported = () => knex('audit_log').where({ action: 'audit_log.exported' });
      expect(await exported()).to.have.length(1);
      await knex.transaction(async (trx) => {
        await trx.raw("SET LOCAL bacon.audit_purge = 'on'");
        await trx('audit_log').where({ action: 'audit_log.exported' }).delete();
      });
      expect(await exported()).to.deep.equal([]);
      expect(await refusal(knex('audit_log').delete())).to.match(/append-only/);
    });
  });
});
