import { expect } from 'chai';
import { ApiClient } from '../../src/api/api-client.js';
import { ApiError } from '../../src/api/api-error.js';
import { Session } from '../../src/api/session.js';

type Handler = (url: string, init: RequestInit) => { status: number; body?: unknown };

/** Browser globals the session uses, backed by plain objects; fetch answers from `handler`. */
function fakeBrowser(handler: Handler) {
  const store = new Map<string, string>();
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const g = globalThis as Record<string, unknown>;
  const saved = { fetch: g.fetch, sessionStorage: g.sessionStorage, document: g.document };
  g.sessionStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => store.set(k, v),
    removeItem: (k: string) => store.delete(k),
  };
  g.document = { cookie: 'theme=dark; bacon_csrf=csrf-from-cookie' };
  g.fetch = async (url: string, init: RequestInit = {}) => {
    calls.push({ url, headers: (init.headers ?? {}) as Record<string, string> });
    await new Promise((r) => setTimeout(r, 5));
    const out = handler(url, init);
    return new Response(out.body === undefined ? null : JSON.stringify(out.body), { status: out.status });
  };
  return { calls, restore: () => Object.assign(g, saved) };
}

const user = { id: 'u1', email: 'a@b.c', name: 'A', role: 'agent' };

describe('ApiClient with Session', () => {
  let restore: () => void;
  afterEach(() => restore());

  it('sends the bearer token, and on a 401 refreshes once (with the CSRF header) and retries', async () => {
    let token = 'old';
    const fake = fakeBrowser((url, init) => {
      if (url.endsWith('/auth/login')) return { status: 200, body: { accessToken: 'old', csrfToken: 'c1', user } };
      if (url.endsWith('/auth/refresh')) {
        token = 'new';
        return { status: 200, body: { accessToken: 'new', csrfToken: 'c2', user } };
      }
      const auth = (init.headers as Record<string, string>).Authorization;
      return auth === `Bearer ${token}` && token === 'new'
        ? { status: 200, body: { ok: true } }
        : { status: 401, body: { error: { code: 'unauthorized', message: 'expired' } } };
    });
    restore = fake.restore;
    const session = new Session();
    await session.login('a@b.c', 'pw');
    const api = new ApiClient(session);
    const results = await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(results).to.deep.equal([{ ok: true }, { ok: true }, { ok: true }]);
    const refreshes = fake.calls.filter((c) => c.url.endsWith('/auth/refresh'));
    expect(refreshes).to.have.length(1);
    expect(refreshes[0]!.headers['X-CSRF-Token']).to.equal('csrf-from-cookie');
    expect(session.accessToken).to.equal('new');
  });

  it('ends the session when the refresh is refused, and reports the 401', async () => {
    const fake = fakeBrowser((url) => {
      if (url.endsWith('/auth/login')) return { status: 200, body: { accessToken: 't', csrfToken: 'c', user } };
      if (url.endsWith('/auth/refresh'))
        return { status: 401, body: { error: { code: 'invalid_refresh_token', message: 'log in again' } } };
      if (url.endsWith('/auth/logout')) return { status: 401 };
      return { status: 401, body: { error: { code: 'unauthorized', message: 'expired' } } };
    });
    restore = fake.restore;
    const session = new Session();
    const heard: unknown[] = [];
    session.onChange((u) => heard.push(u));
    await session.login('a@b.c', 'pw');
    const err = await new ApiClient(session).get('/x').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiError).and.include({ status: 401 });
    expect(session.user).to.equal(undefined);
    expect(heard.at(-1)).to.equal(undefined);
  });

  it('turns a request that never reaches the server into a network error', async () => {
    const g = globalThis as Record<string, unknown>;
    const fake = fakeBrowser(() => ({ status: 200 }));
    g.fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    restore = fake.restore;
    const err = (await new ApiClient(new Session()).post('/x', {}).catch((e: unknown) => e)) as ApiError;
    expect(err.isNetwork).to.equal(true);
  });
});
