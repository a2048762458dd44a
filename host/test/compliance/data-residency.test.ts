import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createTestDatabase, startTestHost, type TestDatabase, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from '../plugins/plugin-api.js';

const PLUGINS = [fixture('us-egress'), fixture('eu-egress')];

function capture(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

describe('EU-only storage (dataResidency, BACON_DATA_REGION, plugin egress)', () => {
  let db: TestDatabase;
  let host: TestHost | undefined;
  let admin: TestUser;

  before(async () => {
    db = await createTestDatabase();
    host = await startTestHost({ database: db, config: { dataRegion: 'eu-west-1' }, plugins: PLUGINS });
    admin = await userOf(host);
  });
  after(async () => {
    await host?.close();
    await db?.drop();
  });

  const auditOf = (action: string) => host!.services.db.knex('audit_log').where({ tenant_id: admin.user.tenantId, action });

  it('shows the deployment region and what each plugin declares', async () => {
    const r = await api(host!, admin, 'GET', '/api/v1/data-residency');
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.include({ dataResidency: 'any', deploymentRegion: 'eu-west-1', deploymentInEu: true, overrides: [] });
    const byId = Object.fromEntries((r.body.plugins as { id: string }[]).map((p) => [p.id, p]));
    expect(byId['us-egress']).to.deep.equal({ id: 'us-egress', regions: ['us'], outsideEu: ['us'], note: 'A US-only API.' });
    expect(byId['eu-egress']).to.deep.equal({ id: 'eu-egress', regions: ['eu', 'europe-west3'], outsideEu: [] });
  });

  it('turns EU-only storage on (audited); a bad value is a 400', async () => {
    const bad = await api(host!, admin, 'PUT', '/api/v1/data-residency', { dataResidency: 'mars' });
    expect(bad.status).to.equal(400);
    const r = await api(host!, admin, 'PUT', '/api/v1/data-residency', { dataResidency: 'eu' });
    expect(r.status).to.equal(200);
    expect(r.body.dataResidency).to.equal('eu');
    const [row] = await auditOf('tenant.data_residency.updated');
    expect(row).to.deep.include({ target_id: admin.user.tenantId, actor_id: admin.user.id });
    expect((await api(host!, admin, 'GET', '/api/v1/data-residency')).body.dataResidency).to.equal('eu');
  });

  it('refuses a plugin whose egress leaves the EU, and enables one that stays', async () => {
    const refused = await api(host!, admin, 'POST', '/api/v1/plugins/us-egress/enable', { grants: ['http'] });
    expect(refused.status).to.equal(409);
    expect(refused.body.error).to.deep.include({ code: 'plugin_egress_outside_eu' });
    expect(refused.body.error.details).to.deep.equal({ pluginId: 'us-egress', regions: ['us'], dataResidency: 'eu' });
    expect((await api(host!, admin, 'GET', '/api/v1/plugins/us-egress')).body.enabled).to.equal(false);
    const ok = await api(host!, admin, 'POST', '/api/v1/plugins/eu-egress/enable', { grants: ['http'] });
    expect(ok.status).to.equal(200);
  });

  it('enables it with an admin override, which is recorded and audited, and stays for a later enable', async () => {
    const short = await api(host!, admin, 'POST', '/api/v1/plugins/us-egress/enable', { grants: [], residencyOverride: { reason: '' } });
    expect(short.status).to.equal(400);
    const reason = 'DPA signed with the US vendor (SCCs), ticket LEGAL-42';
    const r = await api(host!, admin, 'POST', '/api/v1/plugins/us-egress/enable', { grants: ['http'], residencyOverride: { reason } });
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.include({ enabled: true });
    const [row] = await auditOf('plugin.residency_override');
    expect(row).to.deep.include({ target_id: 'us-egress', actor_id: admin.user.id });
    expect(JSON.stringify(row.after)).to.include(reason).and.to.include('"us"');
    const view = (await api(host!, admin, 'GET', '/api/v1/data-residency')).body;
    expect(view.overrides).to.have.length(1);
    expect(view.overrides[0]).to.deep.include({ pluginId: 'us-egress', regions: ['us'], reason, actorId: admin.user.id });
    expect((await api(host!, admin, 'POST', '/api/v1/plugins/us-egress/disable', {})).status).to.equal(200);
    expect((await api(host!, admin, 'POST', '/api/v1/plugins/us-egress/enable', { grants: [] })).status).to.equal(200);
  });

  it('refuses to turn EU-only storage on while an enabled plugin sends data outside the EU', async () => {
    const other = await userOf(host!);
    expect((await api(host!, other, 'POST', '/api/v1/plugins/us-egress/enable', { grants: [] })).status).to.equal(200);
    const r = await api(host!, other, 'PUT', '/api/v1/data-residency', { dataResidency: 'eu' });
    expect(r.status).to.equal(409);
    expect(r.body.error.code).to.equal('residency_plugin_conflict');
    expect(r.body.error.details.plugins).to.deep.equal([{ id: 'us-egress', regions: ['us'] }]);
    expect((await api(host!, other, 'GET', '/api/v1/data-residency')).body.dataResidency).to.equal('any');
  });

  it('on a deployment outside the EU: a loud error, a metric and a readiness detail at boot, and no new EU-only tenant', async () => {
    await host!.close();
    host = undefined;
    const out = capture();
    host = await startTestHost({
      database: db,
      config: { dataRegion: 'us-east-1', logLevel: 'error' },
      plugins: PLUGINS,
      logDestination: out.stream,
    });
    expect(out.text()).to.include('DATA RESIDENCY VIOLATION').and.to.include(admin.user.tenantId);
    const metrics = await (await fetch(`${host.url}/metrics`)).text();
    expect(metrics).to.match(/^bacon_data_residency_violations 1$/m);
    const ready = (await (await fetch(`${host.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean; required: boolean }> };
    expect(ready.checks.data_residency).to.deep.include({ ok: false, required: false });
    const other = await userOf(host);
    const r = await api(host, other, 'PUT', '/api/v1/data-residency', { dataResidency: 'eu' });
    expect(r.status).to.equal(422);
    expect(r.body.error).to.deep.include({ code: 'residency_region_mismatch' });
    expect(r.body.error.details).to.deep.equal({ deploymentRegion: 'us-east-1', dataResidency: 'eu' });
  });
});
