import { expect } from 'chai';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from './plugin-api.js';

describe('/api/v1/plugins', function () {
  this.timeout(60000);
  let host: TestHost;
  let admin: TestUser;
  let agent: TestUser;
  let other: TestUser;
  const trusted = definePlugin({ id: 'first-party', version: '0.1.0', capabilities: [{ name: 'kv' }], init: () => undefined });

  before(async () => {
    host = await startTestHost({ plugins: [trusted, fixture('configurable')] });
    admin = await userOf(host, 'admin');
    agent = await createAgentOf(admin);
    other = await userOf(host, 'admin');
  });
  after(async () => host?.close());

  async function createAgentOf(a: TestUser): Promise<TestUser> {
    const { createTestUser } = await import('../../src/testing/index.js');
    return createTestUser(host, { role: 'agent', tenantId: a.user.tenantId });
  }

  describe('GET /api/v1/plugins', () => {
    it("lists every plugin with its tier, state and this tenant's grants", async () => {
      const r = await api(host, agent, 'GET', '/api/v1/plugins');
      expect(r.status).to.equal(200);
      const byId = Object.fromEntries(r.body.plugins.map((p: { id: string }) => [p.id, p]));
      expect(byId['first-party']).to.deep.include({ tier: 'trusted', state: 'running', healthy: true, enabled: true, grants: ['kv'] });
      expect(byId.configurable).to.deep.include({
        version: '1.3.0',
        tier: 'sandboxed',
        state: 'running',
        enabled: false,
        grants: [],
        actions: ['whoami'],
      });
    });

    it('needs a signed-in user', async () => {
      expect((await api(host, undefined, 'GET', '/api/v1/plugins')).status).to.equal(401);
    });
  });

  describe('GET /api/v1/plugins/:id/schema', () => {
    it('gives admins the settings schema, capabilities and actions', async () => {
      const r = await api(host, admin, 'GET', '/api/v1/plugins/configurable/schema');
      expect(r.body.settings.schema.properties.token).to.include({ 'x-secret': true });
      expect(r.body.capabilities.map((c: { name: string }) => c.name)).to.deep.equal(['secrets', 'kv', 'http']);
      expect(r.body.actions.whoami).to.deep.equal({ input: { type: 'object' } });
    });

    it('is refused to agents', async () => {
      expect((await api(host, agent, 'GET', '/api/v1/plugins/configurable/schema')).status).to.equal(403);
    });

    it('answers 404 plugin_not_found for an unknown plugin', async () => {
      const r = await api(host, admin, 'GET', '/api/v1/plugins/nothing-here/schema');
      expect(r.status).to.equal(404);
      expect(r.body.error.code).to.equal('plugin_not_found');
    });
  });

  describe('settings', () => {
    it('stores a secret encrypted and answers a sentinel for it', async () => {
      const put = await api(host, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'us', token: 'super-secret-token' });
      expect(put.status).to.equal(200);
      expect(put.body.settings).to.deep.equal({ region: 'us', refuseActivation: false, token: '********' });
      const row = await host.services.db
        .knex('plugin_installs')
        .where({ tenant_id: admin.user.tenantId, plugin_id: 'configurable' })
        .first();
      expect(JSON.stringify(row)).not.to.contain('super-secret-token');
      expect(row.secrets.token).to.match(/^v1:/);
    });

    it('keeps a secret sent back as the sentinel and clears it with null', async () => {
      await api(host, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'eu', token: '********' });
      expect((await api(host, admin, 'POST', '/api/v1/plugins/configurable/test-connection', {})).body.detail).to.match(
        /^capability_not_granted/,
      );
      expect((await api(host, admin, 'POST', '/api/v1/plugins/configurable/test-connection', { grants: ['secrets'] })).body).to.deep.equal({
        ok: true,
      });
      await api(host, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'eu', token: null });
      expect((await api(host, admin, 'GET', '/api/v1/plugins/configurable/settings')).body.settings).to.deep.equal({
        region: 'eu',
        refuseActivation: false,
      });
      expect((await api(host, admin, 'POST', '/api/v1/plugins/configurable/test-connection', { grants: ['secrets'] })).body).to.deep.equal({
        ok: false,
        detail: 'no token',
      });
    });

    it('refuses settings that do not match the schema with 400 settings_invalid', async () => {
      const r = await api(host, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'mars', token: 'abc' });
      expect(r.status).to.equal(400);
      expect(r.body.error.code).to.equal('settings_invalid');
      expect(r.body.error.details.errors.map((e: { field: string }) => e.field)).to.include.members(['settings/region', 'settings/token']);
      // Sentences a person reads, not the validator's wording.
      expect(r.body.error.details.errors.map((e: { message: string }) => e.message)).to.include.members([
        'Region must be one of "eu", "us".',
        'Token must be at least 4 characters long.',
      ]);
      expect(r.body.error.message).to.equal('Region must be one of "eu", "us". Token must be at least 4 characters long.');
    });

    it("keeps each tenant's settings to itself", async () => {
      expect((await api(host, other, 'GET', '/api/v1/plugins/configurable/settings')).body.settings).to.deep.equal({
        region: 'eu',
        refuseActivation: false,
      });
    });
  });

  describe('enable and disable', () => {
    it('refuses a grant the plugin did not request', async () => {
      const r = await api(host, admin, 'POST', '/api/v1/plugins/configurable/enable', { grants: ['secrets', 'messages.send'] });
      expect(r.status).to.equal(400);
      expect(r.body.error).to.deep.include({ code: 'grant_not_requested' });
    });

    it('enables with the granted capabilities only, and actions run for that tenant', async () => {
      await api(host, admin, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'us', token: 'tok-1' });
      expect((await api(host, admin, 'POST', '/api/v1/plugins/configurable/enable', { grants: ['secrets'] })).body).to.deep.equal({
        id: 'configurable',
        enabled: true,
        grants: ['secrets'],
      });
      const r = await api(host, admin, 'POST', '/api/v1/plugins/configurable/actions/whoami', { input: {} });
      expect(r.body.output).to.deep.equal({
        tenantId: admin.user.tenantId,
        settings: { region: 'us', refuseActivation: false },
        hasToken: true,
      });
      const listed = await api(host, agent, 'GET', '/api/v1/plugins/configurable');
      expect(listed.body).to.deep.include({ enabled: true, grants: ['secrets'] });
    });

    it('leaves the plugin disabled when its activate hook refuses', async () => {
      await api(host, other, 'PUT', '/api/v1/plugins/configurable/settings', { region: 'eu', refuseActivation: true });
      const r = await api(host, other, 'POST', '/api/v1/plugins/configurable/enable', { grants: [] });
      expect(r.status).to.equal(422);
      expect((await api(host, other, 'GET', '/api/v1/plugins/configurable')).body.enabled).to.equal(false);
    });

    it('tests the connection with the stored grants when the body is empty', async () => {
      const r = await fetch(`${host.url}/api/v1/plugins/configurable/test-connection`, { method: 'POST', headers: admin.headers });
      expect(await r.json()).to.deep.equal({ ok: true });
    });

    it('refuses actions for a tenant where it is disabled', async () => {
      expect((await api(host, admin, 'POST', '/api/v1/plugins/configurable/disable', {})).body).to.deep.include({ enabled: false });
      const r = await api(host, admin, 'POST', '/api/v1/plugins/configurable/actions/whoami', { input: {} });
      expect(r.status).to.equal(409);
      expect(r.body.error.code).to.equal('plugin_not_enabled');
    });

    it('records enable and disable in the audit log', async () => {
      const rows = await host.services.db.knex('audit_log').where({ target_type: 'plugin', target_id: 'configurable' }).pluck('action');
      expect(rows).to.include.members(['plugin.enable', 'plugin.disable', 'plugin.settings.update']);
    });
  });

  describe('health', () => {
    it("runs the plugin's own check and shows every plugin in /readyz", async () => {
      expect((await api(host, agent, 'GET', '/api/v1/plugins/configurable/health')).body).to.deep.equal({ ok: true, detail: 'fine' });
      const ready = (await (await fetch(`${host.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> };
      expect(ready.checks['plugin:configurable']!.ok).to.equal(true);
      expect(ready.checks['plugin:first-party']!.ok).to.equal(true);
    });
  });
});
