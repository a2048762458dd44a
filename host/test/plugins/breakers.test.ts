import { expect } from 'chai';
import { startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from './plugin-api.js';

describe('plugin breakers', function () {
  this.timeout(60000);
  let host: TestHost;
  let admin: TestUser;
  const maybe = (input: object) => api(host, admin, 'POST', '/api/v1/plugins/flaky/actions/maybe', { input });
  const gauge = async () => {
    const text = await (await fetch(`${host.url}/metrics`)).text();
    const m = text.match(/bacon_plugin_breaker_state\{breaker="flaky:maybe",plugin="flaky"\} (\d)/);
    return m ? Number(m[1]) : undefined;
  };

  before(async () => {
    host = await startTestHost({
      plugins: [fixture('flaky')],
      config: { pluginBreakerVolume: 2, pluginBreakerThreshold: 50, pluginBreakerResetMs: 300 },
    });
    admin = await userOf(host);
    await api(host, admin, 'POST', '/api/v1/plugins/flaky/enable', { grants: [] });
  });
  after(async () => host?.close());

  it('does not open on 4xx or validation errors', async () => {
    for (let i = 0; i < 4; i++) expect((await maybe({ fail: 'invalid' })).body.error.code).to.equal('invalid_input');
    for (let i = 0; i < 4; i++) expect((await maybe({ fail: 'nonsense' })).body.error.code).to.equal('validation_failed');
    expect((await maybe({})).body).to.deep.equal({ output: { ok: true } });
    expect(await gauge()).to.equal(0);
  });

  it('opens after repeated failures, half-opens after the reset time, and closes on a success', async () => {
    let failures = 0;
    for (; failures < 20 && (await gauge()) !== 2; failures++)
      expect((await maybe({ fail: 'error' })).body.error.code).to.equal('plugin_error');
    expect(failures).to.be.within(2, 19);
    const refused = await maybe({});
    expect(refused.status).to.equal(503);
    expect(refused.body.error.code).to.equal('plugin_unavailable');
    expect(await gauge()).to.equal(2);
    for (let i = 0; i < 100 && (await gauge()) !== 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await gauge()).to.equal(1);
    expect((await maybe({})).body).to.deep.equal({ output: { ok: true } });
    expect(await gauge()).to.equal(0);
    expect((await api(host, admin, 'GET', '/api/v1/plugins/flaky')).body.breakers).to.deep.equal([
      { name: 'flaky:maybe', state: 'closed' },
    ]);
  });

  it('records call durations, failures by code and timeouts', async () => {
    const text = await (await fetch(`${host.url}/metrics`)).text();
    expect(text).to.match(/bacon_plugin_call_duration_seconds_count\{plugin="flaky",kind="action",name="maybe",outcome="ok"\} [1-9]/);
    expect(text).to.match(/bacon_plugin_call_failures_total\{plugin="flaky",kind="action",name="maybe",code="plugin_error"\} [1-9]/);
    expect(text).to.match(/bacon_plugin_call_failures_total\{plugin="flaky",kind="action",name="maybe",code="plugin_unavailable"\} [1-9]/);
    expect(text).to.match(/bacon_plugin_isolate_memory_bytes\{plugin="flaky"\} \d+/);
    expect(text).to.contain('bacon_plugin_call_timeouts_total');
  });
});
