import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createTestDatabase, startTestHost, type TestDatabase, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from '../plugins/plugin-api.js';

interface Warning {
  kind: string;
  id: string;
  problem: string;
  detail: string;
}

const DAY = 86_400_000;

describe('secret hygiene (GET /api/v1/admin/secret-health, log, metric)', () => {
  let db: TestDatabase;
  let host: TestHost | undefined;
  let admin: TestUser;
  let siteKey: { id: string; key: string };

  const health = async (u: TestUser = admin) => {
    const r = await api(host!, u, 'GET', '/api/v1/admin/secret-health');
    expect(r.status).to.equal(200);
    return r.body as { warnings: Warning[]; maxAgeDays: { jwtKeys: number; secrets: number } };
  };
  const problems = (ws: Warning[], kind: string) =>
    ws
      .filter((w) => w.kind === kind)
      .map((w) => `${w.id}:${w.problem}`)
      .sort();

  before(async () => {
    db = await createTestDatabase();
    host = await startTestHost({
      database: db,
      config: { jwtKeys: ['weak:secret'], secretMaxAgeDays: 90 },
      plugins: [fixture('configurable')],
    });
    admin = await userOf(host);
    const created = await api(host, admin, 'POST', '/api/v1/site-keys', { name: 'Shop', allowedOrigins: ['https://shop.example'] });
    expect(created.status).to.equal(201);
    siteKey = created.body;
    const set = await api(host, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'eu', token: 'tok-123456' });
    expect(set.status).to.equal(200);
  });
  after(async () => {
    await host?.close();
    await db?.drop();
  });

  it('has nothing to say about fresh, strong site and plugin secrets', async () => {
    const h = await health();
    expect(h.maxAgeDays).to.deep.equal({ jwtKeys: 180, secrets: 90 });
    expect(problems(h.warnings, 'site_secret')).to.deep.equal([]);
    expect(problems(h.warnings, 'plugin_secret')).to.deep.equal([]);
    // The deployment's weak JWT key shows to every admin.
    expect(problems(h.warnings, 'jwt_key')).to.deep.equal(['weak:known_default']);
  });

  it('reports a default site secret, old site secrets and an old plugin credential, never a value', async () => {
    const { knex } = host!.services.db;
    await knex('site_keys')
      .where({ id: siteKey.id })
      .update({ identity_secret: 'changeme', secrets_rotated_at: new Date(Date.now() - 120 * DAY) });
    await knex('plugin_secret_ages')
      .where({ tenant_id: admin.user.tenantId, plugin_id: 'configurable', field: 'token' })
      .update({ updated_at: new Date(Date.now() - 100 * DAY) });
    const h = await health();
    expect(problems(h.warnings, 'site_secret')).to.deep.equal([`${siteKey.key}:known_default`, `${siteKey.key}:old`]);
    expect(problems(h.warnings, 'plugin_secret')).to.deep.equal(['configurable.token:old']);
    const text = JSON.stringify(h);
    expect(text).to.not.include('tok-123456');
    expect(text).to.not.include('changeme');
    expect(h.warnings.find((w) => w.kind === 'plugin_secret')!.detail).to.match(/100 days ago \(maximum 90\)/);
    // Another tenant's admin sees only the deployment's JWT key.
    const other = await userOf(host!);
    expect((await health(other)).warnings.map((w) => w.kind)).to.deep.equal(['jwt_key']);
    const agent = await userOf(host!, 'agent', false);
    expect((await api(host!, agent, 'GET', '/api/v1/admin/secret-health')).status).to.equal(403);
  });

  it('logs and counts them at boot', async () => {
    await host!.close();
    host = undefined;
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    host = await startTestHost({
      database: db,
      config: { jwtKeys: ['weak:secret'], secretMaxAgeDays: 90, logLevel: 'warn' },
      plugins: [fixture('configurable')],
      logDestination: stream,
    });
    const log = lines.join('');
    expect(log).to.include('secret hygiene: plugin configurable: token set 100 days ago');
    expect(log).to.not.include('tok-123456');
    const metrics = await (await fetch(`${host.url}/metrics`)).text();
    expect(metrics).to.match(/bacon_secret_warnings\{kind="site_secret",problem="old"\} 1/);
    expect(metrics).to.match(/bacon_secret_warnings\{kind="site_secret",problem="known_default"\} 1/);
    expect(metrics).to.match(/bacon_secret_warnings\{kind="plugin_secret",problem="old"\} 1/);
  });

  it('clears once the secrets are rotated', async () => {
    const rotated = await api(host!, admin, 'POST', `/api/v1/site-keys/${siteKey.id}/rotate-secrets`, {});
    expect(rotated.status).to.equal(200);
    const set = await api(host!, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'eu', token: 'tok-rotated-1' });
    expect(set.status).to.equal(200);
    const h = await health();
    expect(problems(h.warnings, 'site_secret')).to.deep.equal([]);
    expect(problems(h.warnings, 'plugin_secret')).to.deep.equal([]);
  });
});
