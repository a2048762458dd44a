import { expect } from 'chai';
import { startTestHost, waitFor, type TestHost, type TestUser } from '../../../src/testing/index.js';
import { pluginsService } from '../../../src/plugins/index.js';
import type { ProcessSandbox } from '../../../src/plugins/sandbox/process-sandbox.js';
import { api, fixture, userOf } from '../plugin-api.js';

/** One sandboxed plugin's catastrophe (a dead or poisoned isolate, a runner crash) stays its own. */
describe('sandbox isolation (one plugin must not take the host down)', function () {
  this.timeout(60000);
  let host: TestHost;
  let t1: TestUser;
  let sandbox: ProcessSandbox;
  const run = (plugin: string, action: string, input: unknown = {}) =>
    api(host, t1, 'POST', `/api/v1/plugins/${plugin}/actions/${action}`, { input });
  const readyz = async () => (await fetch(`${host.url}/readyz`)).status;
  const metrics = async () => (await fetch(`${host.url}/metrics`)).text();
  const listed = async (id: string) =>
    ((await api(host, t1, 'GET', '/api/v1/plugins')).body.plugins ?? (await api(host, t1, 'GET', '/api/v1/plugins')).body).find(
      (p: { id: string }) => p.id === id,
    );
  const expectEcho = async () =>
    expect((await run('echo', 'echo', { still: 'here' })).body).to.deep.equal({ output: { echoed: { still: 'here' } } });

  before(async () => {
    host = await startTestHost({ plugins: [fixture('echo'), fixture('hostile'), fixture('hog')], config: { sandboxCallDeadlineMs: 5000 } });
    sandbox = host.service(pluginsService).sandbox as unknown as ProcessSandbox;
    t1 = await userOf(host);
    for (const id of ['echo', 'hostile', 'hog'])
      expect((await api(host, t1, 'POST', `/api/v1/plugins/${id}/enable`, { grants: ['kv'] })).status).to.equal(200);
  });
  after(async () => host?.close());

  it("keeps /readyz green while a sandboxed plugin's isolate is dead, reporting it in the plugins list and /metrics", async () => {
    expect(await readyz()).to.equal(200);
    expect((await run('hostile', 'bomb')).body.error.code).to.equal('plugin_crashed');
    const ready = (await (await fetch(`${host.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean; required: boolean }> };
    expect(ready.checks['plugin:hostile']).to.include({ ok: false, required: false });
    expect(await readyz()).to.equal(200);
    expect(await listed('hostile')).to.include({ healthy: false });
    expect(await metrics()).to.match(/bacon_plugin_healthy\{plugin="hostile",tier="sandboxed"\} 0/);
    // Disabled, it still counts for nothing; its next call (once enabled) rebuilds it.
    expect((await api(host, t1, 'POST', '/api/v1/plugins/hostile/disable')).status).to.equal(200);
    expect(await readyz()).to.equal(200);
    expect((await api(host, t1, 'POST', '/api/v1/plugins/hostile/enable', { grants: ['kv'] })).status).to.equal(200);
    expect((await run('hostile', 'fine')).body).to.deep.equal({ output: { fine: true } });
    expect(await metrics()).to.match(/bacon_plugin_healthy\{plugin="hostile",tier="sandboxed"\} 1/);
  });

  it('discards and rebuilds a poisoned isolate: its next call works, and poisoning again fails only it', async () => {
    for (let round = 0; round < 2; round++) {
      const r = await run('hog', 'poison');
      expect(r.body.error.code, `round ${round}`).to.equal('plugin_timeout');
      expect((await run('hog', 'fine')).body, `round ${round}`).to.deep.equal({ output: { fine: true } });
      await expectEcho();
      expect(await readyz()).to.equal(200);
    }
  });

  it('refuses a 12 MiB kv value from a 32 MiB plugin with value_too_large before it crosses, and its runner lives', async () => {
    const pid = sandbox.runners?.pidOf('hog@1.0.0');
    const neighbour = run('echo', 'linger', { ms: 400 });
    expect((await run('hog', 'bigKv')).body).to.deep.equal({ output: { stored: false, code: 'value_too_large' } });
    const big = await run('hog', 'bigResult');
    expect(big.status).to.equal(502);
    expect(big.body.error.code).to.equal('value_too_large');
    expect((await neighbour).body).to.deep.equal({ output: { lingered: true } });
    expect(pid).to.be.a('number');
    expect(sandbox.runners.pidOf('hog@1.0.0')).to.equal(pid);
    expect((await run('hog', 'fine')).body).to.deep.equal({ output: { fine: true } });
  });

  it("gives each plugin its own runner: a runner's death fails only its own plugins' calls in flight", async () => {
    const hogPid = sandbox.runners.pidOf('hog@1.0.0')!;
    expect(hogPid).to.be.a('number').and.not.equal(sandbox.runners.pidOf('echo@1.0.0'));
    const lingering = () => host.services.db.knex('plugin_kv').where({ key: 'lingering' }).whereIn('plugin_id', ['echo', 'hog']);
    await lingering().delete();
    const echoCall = run('echo', 'linger', { ms: 1000 });
    const hogCall = run('hog', 'linger', { ms: 3000 });
    // Both calls are in their isolates once each has marked kv.
    await waitFor(async () => (await lingering().pluck('plugin_id')).length === 2 || undefined, { what: 'both calls in flight' });
    process.kill(hogPid, 'SIGKILL');
    expect((await hogCall).body.error.code).to.equal('plugin_crashed');
    expect((await echoCall).body).to.deep.equal({ output: { lingered: true } });
    await waitFor(() => sandbox.runners.pidOf('hog@1.0.0'), { what: 'hog runner restarted' });
    expect((await run('hog', 'fine')).body).to.deep.equal({ output: { fine: true } });
  });

  it('counts a runner restart even when a call restarts it before its backoff ends', async () => {
    const before = Number(/bacon_sandbox_runner_restarts_total (\d+)/.exec(await metrics())?.[1] ?? 0);
    const pid = sandbox.runners.pidOf('echo@1.0.0')!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => sandbox.runners.pidOf('echo@1.0.0') === undefined || undefined, { what: 'echo runner gone', everyMs: 1 });
    await expectEcho();
    expect(sandbox.runners.pidOf('echo@1.0.0')).to.be.a('number').and.not.equal(pid);
    expect(Number(/bacon_sandbox_runner_restarts_total (\d+)/.exec(await metrics())?.[1])).to.equal(before + 1);
  });
});
