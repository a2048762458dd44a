import { expect } from 'chai';
import { startTestHost, withTestHost, createTestDatabase, startTestRedis, type TestHost } from '../src/testing/index.js';
import type { HostModule } from '../src/host.js';

describe('createHost', () => {
  describe('on the default test backend', () => {
    let host: TestHost;
    before(async () => {
      host = await startTestHost();
    });
    after(async () => host?.close());

    it('answers /healthz', async () => {
      const r = await fetch(`${host.url}/healthz`);
      expect(r.status).to.equal(200);
      expect(await r.json()).to.include({ status: 'ok' });
    });

    it('reports db and migrations ready on /readyz', async () => {
      const r = await fetch(`${host.url}/readyz`);
      const body = (await r.json()) as { status: string; checks: Record<string, { ok: boolean }> };
      expect(r.status).to.equal(200);
      expect(body.status).to.equal('ready');
      expect(body.checks.db!.ok).to.equal(true);
      expect(body.checks.migrations!.ok).to.equal(true);
      expect(body.checks.db).to.have.property('kind', host.database.backend);
    });

    it('serves Prometheus metrics including the HTTP duration histogram by route', async () => {
      await fetch(`${host.url}/healthz`);
      const r = await fetch(`${host.url}/metrics`);
      const text = await r.text();
      expect(r.headers.get('content-type')).to.match(/text\/plain/);
      expect(text).to.contain('process_cpu_user_seconds_total');
      expect(text).to.match(/bacon_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/);
    });

    it('answers an unknown route with the JSON 404 shape', async () => {
      const r = await fetch(`${host.url}/no/such/route`);
      expect(r.status).to.equal(404);
      expect(await r.json()).to.deep.include({
        error: { code: 'route_not_found', message: 'No such route.', details: { method: 'GET', path: '/no/such/route' } },
      });
    });

    it('answers a malformed JSON body with 400 invalid_json', async () => {
      const r = await fetch(`${host.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":',
      });
      expect(r.status).to.equal(400);
      const body = (await r.json()) as { error: { code: string } };
      expect(body.error.code).to.equal('invalid_json');
    });

    it('answers an oversized body with 413 in the same shape', async () => {
      const big = JSON.stringify({ pad: 'x'.repeat(host.config.bodyLimit + 10) });
      const r = await fetch(`${host.url}/healthz`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
      expect(r.status).to.equal(413);
      expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('payload_too_large');
    });

    it('answers a wrong method with 405 in the same shape', async () => {
      const r = await fetch(`${host.url}/healthz`, { method: 'DELETE' });
      expect(r.status).to.equal(405);
      expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('method_not_allowed');
    });

    it("keeps idle connections open longer than a balancer's 60 s idle timeout, and says so", async () => {
      const r = await fetch(`${host.url}/healthz`);
      await r.arrayBuffer();
      expect(host.server.keepAliveTimeout).to.equal(host.config.keepAliveTimeoutMs).and.be.greaterThan(60_000);
      expect(r.headers.get('keep-alive')).to.equal(`timeout=${host.config.keepAliveTimeoutMs / 1000}`);
    });

    it('gives every response a request id, keeping a well-formed incoming one', async () => {
      const a = await fetch(`${host.url}/healthz`);
      expect(a.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
      const b = await fetch(`${host.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
      expect(b.headers.get('x-request-id')).to.equal('abc-123');
    });

    it('publishes an OpenAPI document generated from the route schemas', async () => {
      const r = await fetch(`${host.url}/api/v1/openapi.json`);
      const doc = (await r.json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
      expect(doc.openapi).to.equal('3.1.0');
      expect(doc.paths['/readyz']!.get!.responses).to.have.keys('200', '503', 'default');
    });
  });

  describe('routes with schemas', () => {
    // `/slow` answers only when the test releases it, and says when it has started.
    let slowEntered: () => void = () => undefined;
    let releaseSlow: () => void = () => undefined;
    let slowStarted = new Promise<void>((r) => (slowEntered = r));
    let slowGate = new Promise<void>((r) => (releaseSlow = r));
    beforeEach(() => {
      slowStarted = new Promise<void>((r) => (slowEntered = r));
      slowGate = new Promise<void>((r) => (releaseSlow = r));
    });
    const echo: HostModule = {
      name: 'echo',
      setup({ routes }) {
        routes.add({
          method: 'post',
          path: '/echo/:n',
          auth: 'public',
          schema: {
            params: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } } },
            body: {
              type: 'object',
              required: ['name'],
              additionalProperties: false,
              properties: { name: { type: 'string', minLength: 1 } },
            },
            response: { 200: { type: 'object', required: ['hello'], properties: { hello: { type: 'string' } } } },
          },
          handler: (ctx) => ({ hello: (ctx.request as unknown as { body: { name: string } }).body.name.repeat(Number(ctx.params.n)) }),
        });
        routes.add({
          method: 'get',
          path: '/lies',
          auth: 'public',
          schema: { response: { 200: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } } },
          handler: () => ({ n: 'not a number' }),
        });
        routes.add({
          method: 'get',
          path: '/crash',
          auth: 'public',
          handler: () => {
            throw new Error('secret internal detail');
          },
        });
        routes.add({
          method: 'get',
          path: '/slow',
          auth: 'public',
          handler: async () => {
            slowEntered();
            await slowGate;
            return { done: true };
          },
        });
      },
    };

    it('validates params and body, and reports the failing fields', async () => {
      await withTestHost({ modules: [echo] }, async (host) => {
        const ok = await fetch(`${host.url}/echo/2`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'ab' }),
        });
        expect(await ok.json()).to.deep.equal({ hello: 'abab' });
        const bad = await fetch(`${host.url}/echo/0`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: '', extra: 1 }),
        });
        expect(bad.status).to.equal(400);
        const err = ((await bad.json()) as { error: { code: string; details: { errors: { field: string }[] } } }).error;
        expect(err.code).to.equal('validation_failed');
        expect(err.details.errors.map((e) => e.field)).to.include('params/n');
        const missing = await fetch(`${host.url}/echo/1`, { method: 'POST' });
        expect(missing.status).to.equal(400);
      });
    });

    it('turns a response that violates its schema into a logged 500 in tests', async () => {
      await withTestHost({ modules: [echo] }, async (host) => {
        const r = await fetch(`${host.url}/lies`);
        expect(r.status).to.equal(500);
      });
    });

    it('hides internal error details behind a request id', async () => {
      await withTestHost({ modules: [echo] }, async (host) => {
        const r = await fetch(`${host.url}/crash`);
        const body = (await r.json()) as { error: { code: string; message: string; details: { requestId: string } } };
        expect(r.status).to.equal(500);
        expect(body.error.code).to.equal('internal_error');
        expect(JSON.stringify(body)).to.not.contain('secret internal detail');
        expect(body.error.details.requestId).to.equal(r.headers.get('x-request-id'));
      });
    });

    it('finishes in-flight requests during a graceful stop and refuses new ones', async () => {
      const host = await startTestHost({ modules: [echo] });
      const inflight = fetch(`${host.url}/slow`);
      await slowStarted;
      const stopping = host.close();
      // Stopping waits for the request in flight: the answer comes once the handler finishes.
      expect((await fetch(`${host.url}/healthz`).catch(() => undefined))?.status ?? 503).to.equal(503);
      releaseSlow();
      const r = await inflight;
      expect(r.status).to.equal(200);
      expect(await r.json()).to.deep.equal({ done: true });
      await stopping;
      await fetch(`${host.url}/healthz`).then(
        () => expect.fail('server should be closed'),
        () => undefined,
      );
    });
  });

  describe('on Postgres', () => {
    it('two hosts migrating the same database at once both come up, each migration applied once', async function () {
      const db = await createTestDatabase('postgres');
      try {
        const [a, b] = await Promise.all([startTestHost({ database: db }), startTestHost({ database: db })]);
        try {
          for (const h of [a, b]) expect((await fetch(`${h.url}/readyz`)).status).to.equal(200);
          const rows = await a.services.db.knex('bacon_migrations').select('name');
          const names = rows.map((r: { name: string }) => r.name);
          expect(names).to.include('host/20260101000000_host_meta');
          expect(new Set(names).size).to.equal(names.length);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      } finally {
        await db.drop();
      }
    });
  });

  describe('with Redis', () => {
    it('keeps /healthz green and serving, and reports Redis down on /readyz, when Redis goes away', async () => {
      const redis = await startTestRedis();
      const host = await startTestHost({ redis: true, config: { redisUrl: redis.url } });
      try {
        let r = await fetch(`${host.url}/readyz`);
        expect(r.status).to.equal(200);
        await redis.stop();
        r = await fetch(`${host.url}/readyz`);
        const body = (await r.json()) as { checks: { redis: { ok: boolean } } };
        expect(r.status).to.equal(503);
        expect(body.checks.redis.ok).to.equal(false);
        expect((await fetch(`${host.url}/healthz`)).status).to.equal(200);
        await host.services.bus.publish({ topic: 'still.local', payload: {} });
        await redis.start();
        const deadline = Date.now() + 10000;
        while ((await fetch(`${host.url}/readyz`)).status !== 200) {
          if (Date.now() > deadline) expect.fail('host did not see Redis come back');
          await new Promise((res) => setTimeout(res, 200));
        }
      } finally {
        await host.close();
        await redis.stop();
      }
    });
  });
});
