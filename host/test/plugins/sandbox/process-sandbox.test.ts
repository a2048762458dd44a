import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { startTestHost, waitFor, type TestHost, type TestUser } from '../../../src/testing/index.js';
import { pluginsService } from '../../../src/plugins/index.js';
import type { ProcessSandbox } from '../../../src/plugins/sandbox/process-sandbox.js';
import { api, fixture, userOf } from '../plugin-api.js';

const lookups: string[] = [];
const dnsLookup = async (host: string) => {
  lookups.push(host);
  if (host === 'internal.example.com') return [{ address: '10.1.2.3', family: 4 }];
  if (host === 'meta.example.com')
    return [
      { address: '93.184.216.34', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ];
  return [{ address: '93.184.216.34', family: 4 }];
};

describe('sandboxed plugins (hostile code)', function () {
  this.timeout(60000);
  let host: TestHost;
  let t1: TestUser;
  let t2: TestUser;
  let t3: TestUser;
  const run = (plugin: string, action: string, input: unknown = {}, user = t1) =>
    api(host, user, 'POST', `/api/v1/plugins/${plugin}/actions/${action}`, { input });
  const expectServing = async () => {
    expect((await fetch(`${host.url}/healthz`)).status).to.equal(200);
    const r = await run('echo', 'echo', { still: 'here' });
    expect(r.body).to.deep.equal({ output: { echoed: { still: 'here' } } });
  };

  before(async () => {
    host = await startTestHost({
      plugins: [fixture('echo'), fixture('hostile'), fixture('neighbour')],
      pluginOptions: { dnsLookup },
      config: { sandboxCallDeadlineMs: 3000 },
    });
    [t1, t2, t3] = [await userOf(host), await userOf(host), await userOf(host)];
    for (const [id, grants] of [
      ['echo', ['kv', 'events']],
      ['hostile', ['http', 'kv', 'secrets']],
      ['neighbour', ['kv', 'secrets']],
    ] as const) {
      expect((await api(host, t1, 'POST', `/api/v1/plugins/${id}/enable`, { grants })).status).to.equal(200);
    }
  });
  after(async () => host?.close());

  it('runs a well-behaved plugin and keeps its kv per tenant', async () => {
    expect((await run('echo', 'count')).body).to.deep.equal({ output: { n: 1 } });
    expect((await run('echo', 'count')).body).to.deep.equal({ output: { n: 2 } });
    await api(host, t2, 'POST', '/api/v1/plugins/echo/enable', { grants: ['kv'] });
    expect((await run('echo', 'count', {}, t2)).body).to.deep.equal({ output: { n: 1 } });
  });

  it('gives plugin code a console that writes to the host log', async () => {
    expect((await run('echo', 'chatty')).body).to.deep.equal({ output: { logged: true } });
  });

  it('holds a plugin to its kv quota', async () => {
    expect((await run('echo', 'fill', { size: 1000 })).body.output).to.deep.equal({ stored: true });
    expect((await run('echo', 'fill', { size: 5000 })).body.output).to.deep.equal({ stored: false, code: 'quota_exceeded' });
  });

  it('refuses values no storage can hold before they reach it, as a plain error to the plugin', async () => {
    for (const where of ['kv', 'kvKey', 'event']) {
      const r = await run('echo', 'storeBad', { where });
      expect(r.status, where).to.equal(200);
      expect(r.body.output, where).to.deep.equal({ stored: false, code: 'invalid_characters' });
    }
    await expectServing();
  });

  it('publishes events on topics the manifest allows, for the calling tenant only', async () => {
    const seen: { topic: string; tenantId?: string }[] = [];
    const off = host.services.bus.subscribe('echo.*', (e) => void seen.push({ topic: e.topic, tenantId: e.tenantId }));
    try {
      expect((await run('echo', 'announce', { topic: 'echo.said' })).body.output).to.deep.equal({ emitted: true });
      expect((await run('echo', 'announce', { topic: 'inbox.message.created' })).body.output).to.deep.equal({
        emitted: false,
        code: 'topic_not_allowed',
      });
      for (let i = 0; i < 50 && !seen.length; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen).to.deep.equal([{ topic: 'echo.said', tenantId: t1.user.tenantId }]);
    } finally {
      off();
    }
  });

  it('stops an infinite loop at the CPU timeout', async () => {
    const r = await run('hostile', 'spin');
    expect(r.status).to.equal(504);
    expect(r.body.error.code).to.equal('plugin_timeout');
    await expectServing();
  });

  it('stops a loop that starts after a host call at the wall-clock deadline', async () => {
    const r = await run('hostile', 'spinLater');
    expect(r.body.error.code).to.equal('plugin_timeout');
    await expectServing();
    expect((await run('hostile', 'fine')).body).to.deep.equal({ output: { fine: true } });
  });

  it('kills an isolate that exceeds its memory limit, reports it unhealthy, then restarts it', async () => {
    const r = await run('hostile', 'bomb');
    expect(r.status).to.equal(503);
    expect(r.body.error.code).to.equal('plugin_crashed');
    const health = await api(host, t1, 'GET', '/api/v1/plugins/hostile/health');
    expect(health.body.ok).to.equal(false);
    expect(health.body.detail).to.match(/memory limit/);
    await expectServing();
    expect((await run('hostile', 'fine')).body).to.deep.equal({ output: { fine: true } });
    expect((await api(host, t1, 'GET', '/api/v1/plugins/hostile/health')).body.ok).to.equal(true);
  });

  it('gives plugin code no process, require, fetch or bridge internals, whatever the trick', async () => {
    const r = await run('hostile', 'probe');
    expect(r.body.output).to.deep.equal({
      require: 'threw',
      process: 'undefined',
      globalProcess: 'undefined',
      globalRequire: 'undefined',
      fetch: 'undefined',
      constructorProcess: 'undefined',
      viaConstructor: 'string',
      importFn: 'threw',
      bridgeLeft: [],
      ivm: 'undefined',
    });
  });

  it('refuses a fetch to a host not on the allow-list before resolving it', async () => {
    lookups.length = 0;
    const r = await run('hostile', 'fetch', { url: 'https://evil.example.net/steal' });
    expect(r.status).to.equal(400);
    expect(r.body.error.code).to.equal('host_not_allowed');
    expect(lookups).to.deep.equal([]);
  });

  it('refuses a fetch to a loopback server, which receives nothing', async () => {
    let hits = 0;
    const server = http.createServer((_q, s) => (hits++, s.end('secret')));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await run('hostile', 'fetch', { url: `http://127.0.0.1:${port}/admin` });
      expect(r.body.error.code).to.equal('address_not_allowed');
      expect(hits).to.equal(0);
    } finally {
      server.close();
    }
  });

  it('refuses names that resolve to private or link-local addresses, before any socket opens', async () => {
    const scope = nock('https://internal.example.com').get(/.*/).reply(200, 'inside').persist();
    const meta = nock('https://meta.example.com').get(/.*/).reply(200, 'credentials').persist();
    for (const url of ['https://internal.example.com/', 'https://meta.example.com/latest/meta-data']) {
      const r = await run('hostile', 'fetch', { url });
      expect(r.body.error.code, url).to.equal('address_not_allowed');
    }
    expect(scope.isDone()).to.equal(false);
    expect(meta.isDone()).to.equal(false);
  });

  it('performs an allowed fetch host-side, where nock sees it', async () => {
    nock('https://api.example.com').get('/v1/ping').reply(200, '{"pong":true}');
    const r = await run('hostile', 'fetch', { url: 'https://api.example.com/v1/ping' });
    expect(r.body).to.deep.equal({ output: { status: 200, body: '{"pong":true}' } });
  });

  it("keeps another plugin's kv and secrets out of reach", async () => {
    await run('neighbour', 'store');
    expect((await api(host, t1, 'PUT', '/api/v1/plugins/neighbour/settings', { token: 'n-secret', apiKey: 'k' })).status).to.equal(200);
    expect((await run('neighbour', 'secret')).body.output).to.deep.equal({ token: 'n-secret' });
    expect((await run('hostile', 'readKv')).body.output).to.deep.equal({ value: null });
    expect((await run('hostile', 'readSecret', { name: 'token' })).body.output).to.deep.equal({ value: null });
    expect((await run('hostile', 'readSecret', { name: 'apiKey' })).body.output).to.deep.equal({ refused: 'secret_not_declared' });
    expect((await run('hostile', 'readSecret', { name: 'neighbour/token' })).body.output).to.deep.equal({ refused: 'secret_not_declared' });
  });

  it('answers a host function given a non-copyable value with a clean error', async () => {
    expect((await run('hostile', 'nonCopyable')).body.output).to.deep.equal({ refused: true, code: 'invalid_argument' });
  });

  it('turns a throwing action into an error envelope', async () => {
    const r = await run('hostile', 'throws');
    expect(r.status).to.equal(502);
    expect(r.body).to.deep.equal({ error: { code: 'plugin_error', message: 'kaboom' } });
    await expectServing();
  });

  it('answers 502 plugin_error to a plain object thrown as an error, whatever status it names', async () => {
    for (const status of [200, 302, 999, 404]) {
      const r = await run('hostile', 'throwsShape', { status });
      expect(r.status, `a plain object naming ${status}`).to.equal(502);
      expect(r.body.error.code).to.equal('plugin_error');
    }
    await expectServing();
  });

  it("keeps SDK-error statuses to the 4xx/503 a plugin may answer, else 502 with the plugin's code", async () => {
    expect((await run('hostile', 'throwsStatus', { status: 409 })).status).to.equal(409);
    // (Each 502 counts against the action's breaker: few enough here that it stays closed.)
    for (const status of [200, 302, 999, 401]) {
      const r = await run('hostile', 'throwsStatus', { status });
      expect(r.status, `an error naming ${status}`).to.equal(502);
      expect(r.body.error.code).to.equal('odd_status');
    }
  });

  it("passes a plugin's own 4xx error through with its code and details", async () => {
    const r = await run('echo', 'refuse');
    expect(r.status).to.equal(400);
    expect(r.body).to.deep.equal({ error: { code: 'invalid_input', message: 'nope', details: { why: 'test' } } });
  });

  it('refuses a capability the tenant did not grant', async () => {
    await api(host, t3, 'POST', '/api/v1/plugins/hostile/enable', { grants: ['kv'] });
    nock('https://api.example.com').get('/v1/ping').reply(200, 'x');
    const r = await run('hostile', 'fetch', { url: 'https://api.example.com/v1/ping' }, t3);
    expect(r.status).to.equal(403);
    expect(r.body.error.code).to.equal('capability_not_granted');
  });

  it('survives the runner being killed: it restarts and the next call succeeds', async () => {
    const runners = (host.service(pluginsService).sandbox as unknown as ProcessSandbox).runners;
    const before = runners.pidOf('echo@1.0.0')!;
    process.kill(before, 'SIGKILL');
    await waitFor(() => runners.pidOf('echo@1.0.0') !== before && runners.pidOf('echo@1.0.0') !== undefined, {
      what: 'the runner to restart',
      timeoutMs: 5000,
      everyMs: 25,
    });
    expect(runners.pidOf('echo@1.0.0')).to.be.a('number').and.not.equal(before);
    await expectServing();
    const metrics = await (await fetch(`${host.url}/metrics`)).text();
    expect(metrics).to.match(/bacon_sandbox_runner_restarts_total [1-9]/);
  });
});
