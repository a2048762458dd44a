import { expect } from 'chai';
import { startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from './plugin-api.js';
import selfDisabler from './fixtures/sandboxed/self-disabler.js';

describe('ctx.install and ctx.time (host functions, no grant)', function () {
  this.timeout(120000);
  let host: TestHost;
  let admin: TestUser;
  const run = async (plugin: string, action: string, input: object) =>
    api(host, admin, 'POST', `/api/v1/plugins/${plugin}/actions/${action}`, { input });
  const view = async () => (await api(host, admin, 'GET', '/api/v1/plugins/self-disabler')).body;
  const enable = async () =>
    expect((await api(host, admin, 'POST', '/api/v1/plugins/self-disabler/enable', { grants: [] })).status).to.equal(200);

  before(async () => {
    host = await startTestHost({ plugins: [fixture('self-disabler'), { ...selfDisabler, id: 'self-disabler-trusted' }] });
    admin = await userOf(host);
    await enable();
  });
  after(async () => host?.close());

  describe('install.disable', () => {
    it('switches the plugin off for the tenant with a reason the admin sees, until an admin enables it again', async () => {
      const r = await run('self-disabler', 'disable', { reason: 'The provider revoked the refresh token; reconnect.' });
      expect(r.body.output).to.deep.equal({ ok: true });
      const v = await view();
      expect(v).to.include({ enabled: false, disabledReason: 'The provider revoked the refresh token; reconnect.' });
      expect(Date.parse(v.disabledAt)).to.be.closeTo(Date.now(), 60000);
      expect((await run('self-disabler', 'sleep', { ms: 0 })).body.error.code).to.equal('plugin_not_enabled');
      const audit = await api(host, admin, 'GET', '/api/v1/audit-log?action=plugin.disable');
      expect(JSON.stringify(audit.body)).to.contain('revoked the refresh token');
      await enable();
      const after = await view();
      expect(after.enabled).to.equal(true);
      expect(after).not.to.have.property('disabledReason');
    });

    it('refuses an empty reason and a trusted plugin', async () => {
      expect((await run('self-disabler', 'disable', { reason: ' ' })).body.output).to.deep.equal({ code: 'invalid_argument' });
      expect((await run('self-disabler', 'disable', { reason: 42 })).body.output).to.deep.equal({ code: 'invalid_argument' });
      expect((await view()).enabled).to.equal(true);
      expect((await run('self-disabler-trusted', 'disable', { reason: 'no' })).body.output).to.deep.equal({ code: 'plugin_trusted_only' });
    });
  });

  describe('time.sleep', () => {
    it('waits a bounded time, and refuses a wait out of range', async () => {
      expect((await run('self-disabler', 'sleep', { ms: 5 })).body.output).to.deep.equal({ ok: true });
      expect((await run('self-disabler', 'sleep', { ms: 60000 })).body.output).to.deep.equal({ code: 'invalid_argument' });
      expect((await run('self-disabler', 'sleep', { ms: -1 })).body.output).to.deep.equal({ code: 'invalid_argument' });
    });
  });
});
