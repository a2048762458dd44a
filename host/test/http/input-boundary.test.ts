import { expect } from 'chai';
import { startTestHost, createTestUser, type TestHost, type TestUser } from '../../src/testing/index.js';
import type { HostModule } from '../../src/host.js';
import { MAX_INPUT_DEPTH } from '../../src/http/input-guard.js';

type ErrorBody = { error: { code: string; details?: { field?: string } } };

/** A JSON route that stores nothing, and a webhook-style route that reads the raw body. */
const probe: HostModule = {
  name: 'probe',
  setup({ routes }) {
    routes.add({
      method: 'post',
      path: '/probe/:id',
      auth: 'public',
      schema: { body: { type: 'object' } },
      handler: (ctx) => ({ ok: true, body: (ctx.request as { body?: unknown }).body }),
    });
    routes.add({
      method: 'post',
      path: '/probe-hook',
      auth: 'public',
      rawBody: true,
      handler: (ctx) => ({ raw: (ctx.request as { rawBody?: Buffer }).rawBody?.toString('utf8') ?? null }),
    });
  },
};

describe('the input boundary', () => {
  let host: TestHost;
  let admin: TestUser;
  before(async () => {
    host = await startTestHost({ modules: [probe] });
    admin = await createTestUser(host, { role: 'admin' });
  });
  after(async () => host?.close());

  const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
    fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

  describe('strings no storage can hold', () => {
    it('refuses a NUL in a body value with 400 naming the field', async () => {
      const r = await post('/probe/1', JSON.stringify({ text: 'a\u0000b' }));
      expect(r.status).to.equal(400);
      const body = (await r.json()) as ErrorBody;
      expect(body.error.code).to.equal('invalid_characters');
      expect(body.error.details!.field).to.equal('body/text');
    });

    it('refuses a NUL in a key, in a nested array, in the query and in a path parameter', async () => {
      const key = await post('/probe/1', '{"a\\u0000":1}');
      expect(((await key.json()) as ErrorBody).error.details!.field).to.equal('body/a\u0000');
      const nested = await post('/probe/1', JSON.stringify({ list: [{ ok: 'x' }, { bad: '\u0000' }] }));
      expect(((await nested.json()) as ErrorBody).error.details!.field).to.equal('body/list/1/bad');
      const query = await post('/probe/1?q=%00', '{}');
      expect(query.status).to.equal(400);
      expect(((await query.json()) as ErrorBody).error.details!.field).to.equal('query/q');
      const param = await post('/probe/a%00b', '{}');
      expect(param.status).to.equal(400);
      expect(((await param.json()) as ErrorBody).error.details!.field).to.equal('params/id');
    });

    it('refuses an unpaired surrogate but keeps real astral characters', async () => {
      const bad = await post('/probe/1', '{"t":"\\ud800"}');
      expect(bad.status).to.equal(400);
      expect(((await bad.json()) as ErrorBody).error.code).to.equal('invalid_characters');
      const ok = await post('/probe/1', JSON.stringify({ t: 'bacon 🥓' }));
      expect(ok.status).to.equal(200);
      expect(((await ok.json()) as { body: { t: string } }).body.t).to.equal('bacon 🥓');
    });

    it('refuses a NUL before it reaches the database on real routes (login, users, search)', async () => {
      const login = await post('/api/v1/auth/login', JSON.stringify({ email: 'x\u0000@y.test', password: 'whatever password' }));
      expect(login.status).to.equal(400);
      const user = await post(
        '/api/v1/users',
        JSON.stringify({ email: 'nul@users.test', name: 'N\u0000', role: 'agent', password: 'a long password' }),
        'application/json',
        admin.headers,
      );
      expect(user.status).to.equal(400);
      const list = await fetch(`${host.url}/api/v1/users?role=%00`, { headers: admin.headers });
      expect(list.status).to.equal(400);
    });
  });

  describe('depth', () => {
    it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} with 400, and a hostile depth without a crash`, async () => {
      const deep = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
      expect((await post('/probe/1', deep(MAX_INPUT_DEPTH - 1))).status).to.equal(200);
      const over = await post('/probe/1', deep(MAX_INPUT_DEPTH + 1));
      expect(over.status).to.equal(400);
      expect(((await over.json()) as ErrorBody).error.code).to.equal('input_too_deep');
      const hostile = await post('/probe/1', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      expect(hostile.status).to.be.within(400, 499);
      expect((await fetch(`${host.url}/healthz`)).status, 'the host is still up').to.equal(200);
    });
  });

  describe('content types', () => {
    it('answers a form-encoded body on a JSON route with 415 and stores nothing', async () => {
      const r = await post('/probe/1', 'apiKey=k-123', 'application/x-www-form-urlencoded');
      expect(r.status).to.equal(415);
      expect(((await r.json()) as ErrorBody).error.code).to.equal('unsupported_media_type');
      const none = await fetch(`${host.url}/probe/1`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'text/plain' } });
      expect(none.status).to.equal(415);
    });

    it('answers curl-style settings without a content type with 415 on a real route', async () => {
      const r = await post(
        '/api/v1/users',
        '{"email":"form@users.test","role":"agent","password":"a long password"}',
        'application/x-www-form-urlencoded',
        admin.headers,
      );
      expect(r.status).to.equal(415);
    });

    it('hands a webhook route any content type and its raw bytes, even malformed JSON', async () => {
      const form = await post('/probe-hook', 'a=1&b=2', 'application/x-www-form-urlencoded');
      expect(await form.json()).to.deep.equal({ raw: 'a=1&b=2' });
      const broken = await post('/probe-hook', '{"a":', 'application/json');
      expect(await broken.json()).to.deep.equal({ raw: '{"a":' });
    });

    it('still answers malformed JSON on a JSON route with 400 invalid_json', async () => {
      const r = await post('/probe/1', '{"a":');
      expect(r.status).to.equal(400);
      expect(((await r.json()) as ErrorBody).error.code).to.equal('invalid_json');
    });
  });

  describe('unique-key races', () => {
    it('answers identical concurrent POST /users with one 201 and 409 email_taken for the rest, never a 500', async () => {
      const body = JSON.stringify({ email: 'twin@users.test', name: 'Twin', role: 'agent', password: 'a long password' });
      const answers = await Promise.all(Array.from({ length: 6 }, () => post('/api/v1/users', body, 'application/json', admin.headers)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).to.deep.equal([201, 409, 409, 409, 409, 409]);
      for (const r of answers.filter((a) => a.status === 409)) expect(((await r.json()) as ErrorBody).error.code).to.equal('email_taken');
    });
  });
});
