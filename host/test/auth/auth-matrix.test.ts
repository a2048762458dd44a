import { expect } from 'chai';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { RouteRegistry, type RegisteredRoute } from '../../src/http/route-registry.js';
import {
  startTestHost,
  createTestTenant,
  createTestUser,
  createTestVisitor,
  type TestHost,
  type TestUser,
} from '../../src/testing/index.js';
import { badTokens } from './forged-tokens.js';
import { sampleFromSchema } from '../../src/testing/index.js';
import type { TenantFixture, TenantFixtures } from './tenant-fixture-types.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const AUTHS = ['public', 'visitor', 'agent', 'admin'];

/**
 * Routes that may answer without a token. A new public route fails this test until it is added
 * here: making something public is a security decision, reviewed like one.
 */
const REVIEWED_PUBLIC = [
  /^\/$/,
  /^\/(healthz|readyz|metrics)$/,
  /^\/api\/v1\/openapi\.json$/,
  /^\/api\/v1\/auth\/(login|refresh|logout)$/,
  /^\/webui\.html$/,
  /^\/assets\//,
  /^\/widget\.js$/,
  /^\/demo$/,
  /^\/widget\/v1\//,
  // provider webhooks: the plugin or channel adapter checks the provider's signature on the raw body
  /^\/channels\/:[A-Za-z]+\/webhook$/,
  // channel plugins' webhooks and handshakes (the sandboxed adapter verifies the signature; GET answers Meta's hub.challenge)
  /^\/api\/v1\/channels\/:pluginId\/webhook\/:tenantId$/,
  /^\/api\/v1\/plugins\/:id\/triggers\/:trigger\/:tenantId$/,
];

/** Every `test/tenant-fixtures.ts` of the repo (host and every package), merged. */
async function loadTenantFixtures(): Promise<TenantFixtures> {
  const files = [path.join(ROOT, 'host/test/auth/tenant-fixtures.ts')];
  for (const group of ['packages', 'official-plugins', 'examples']) {
    const dirs = await readdir(path.join(ROOT, group)).catch(() => [] as string[]);
    for (const d of dirs) {
      const f = path.join(ROOT, group, d, 'test/tenant-fixtures.ts');
      if (
        await stat(f).then(
          () => true,
          () => false,
        )
      )
        files.push(f);
    }
  }
  const all: TenantFixtures = {};
  for (const f of files) Object.assign(all, ((await import(pathToFileURL(f).href)) as { tenantFixtures: TenantFixtures }).tenantFixtures);
  return all;
}

const hasBody = (r: RegisteredRoute) => r.method !== 'get' && r.method !== 'delete';
const paramsOf = (p: string) => [...p.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);

/** A concrete URL for a route: its params filled (a fresh uuid unless given). */
function urlFor(host: TestHost, r: RegisteredRoute, params: Record<string, string> = {}): string {
  return host.url + r.fullPath.replace(/:([A-Za-z0-9_]+)\+?/g, (_m, name: string) => encodeURIComponent(params[name] ?? randomUUID()));
}

/** Calls a route; `valid` sends a body that passes its schema (so only the handler can refuse). */
async function call(host: TestHost, r: RegisteredRoute, headers: Record<string, string>, params?: Record<string, string>, valid = false) {
  const res = await fetch(urlFor(host, r, params), {
    method: r.method.toUpperCase(),
    headers: { ...headers, ...(hasBody(r) ? { 'content-type': 'application/json' } : {}) },
    body: hasBody(r) ? JSON.stringify(valid ? sampleFromSchema(r.schema?.body) : {}) : undefined,
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Enumerates every route of a host started with all default modules and every plugin the plugin
 * runtime discovers in the repo, so routes added later are covered without touching this file.
 */
describe('auth matrix: every registered route', function () {
  this.timeout(180_000);
  let host: TestHost;
  let routes: RegisteredRoute[];
  let agent: TestUser;
  let admin: TestUser;
  let guarded: RegisteredRoute[];

  before(async () => {
    host = await startTestHost({ config: { pluginDiscovery: true, rateApiIp: '100000/60', rateApiUser: '100000/60' } });
    routes = [...host.routes.list()];
    guarded = routes.filter((r) => r.auth !== 'public');
    agent = await createTestUser(host, { role: 'agent' });
    admin = await createTestUser(host, { role: 'admin' });
  });
  after(async () => host?.close());

  it('finds the routes of the kernel, auth and security', () => {
    const paths = routes.map((r) => `${r.method} ${r.fullPath}`);
    expect(paths).to.include.members([
      'get /api/v1/users',
      'get /api/v1/audit-log',
      'post /api/v1/ip-rules',
      'post /api/v1/auth/login',
      'get /healthz',
    ]);
    expect(guarded.length).to.be.greaterThan(10);
  });

  it('has a declared role on every route, and the registry refuses a route without one', () => {
    const missing = routes.filter((r) => !AUTHS.includes(r.auth)).map((r) => `${r.method} ${r.fullPath}`);
    expect(missing).to.deep.equal([]);
    const registry = new RouteRegistry({ validateResponses: false });
    expect(() => registry.add({ method: 'get', path: '/x', handler: () => 1 } as never)).to.throw(/must declare auth/);
  });

  it('has only reviewed public routes', () => {
    const unreviewed = routes
      .filter((r) => r.auth === 'public' && !REVIEWED_PUBLIC.some((re) => re.test(r.fullPath)))
      .map((r) => `${r.method} ${r.fullPath} (${r.owner})`);
    expect(unreviewed, 'public routes nobody reviewed: add them to REVIEWED_PUBLIC if they must be public').to.deep.equal([]);
  });

  it('answers 401 without a token on every non-public route', async () => {
    const wrong: string[] = [];
    for (const r of guarded) {
      const s = await call(host, r, {});
      if (s !== 401) wrong.push(`${r.method} ${r.fullPath} -> ${s}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('answers 401 to expired, forged, none-alg, wrong-kid, unexpected-alg, kid-less and wrong-audience tokens', async () => {
    const wrong: string[] = [];
    const tokens = badTokens(host, admin.user);
    for (const r of guarded) {
      for (const [kind, token] of Object.entries(tokens)) {
        const s = await call(host, r, { authorization: `Bearer ${token}` });
        if (s !== 401) wrong.push(`${kind}: ${r.method} ${r.fullPath} -> ${s}`);
      }
      const garbage = await call(host, r, { authorization: 'Bearer not.a.jwt' });
      if (garbage !== 401) wrong.push(`garbage: ${r.method} ${r.fullPath} -> ${garbage}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('answers 403 to an agent on every admin route', async () => {
    const wrong: string[] = [];
    for (const r of guarded.filter((x) => x.auth === 'admin')) {
      const s = await call(host, r, agent.headers);
      if (s !== 403) wrong.push(`${r.method} ${r.fullPath} -> ${s}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it('answers 401 to agent and admin tokens on every visitor route', async () => {
    const wrong: string[] = [];
    for (const r of guarded.filter((x) => x.auth === 'visitor')) {
      for (const u of [agent, admin]) {
        const s = await call(host, r, u.headers);
        if (s !== 401) wrong.push(`${u.user.role}: ${r.method} ${r.fullPath} -> ${s}`);
      }
    }
    expect(wrong).to.deep.equal([]);
  });

  it('lets an admin through every agent and admin route (never 401 or 403)', async () => {
    const wrong: string[] = [];
    for (const r of guarded.filter((x) => x.auth !== 'visitor')) {
      const s = await call(host, r, admin.headers);
      if (s === 401 || s === 403) wrong.push(`${r.method} ${r.fullPath} -> ${s}`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it("answers 404 for another tenant's object on every route with an id", async () => {
    const fixtures = await loadTenantFixtures();
    const other = await createTestTenant(host, 'Other tenant');
    const otherAdmin = await createTestUser(host, { role: 'admin', tenantId: other.id });
    const otherVisitor = await createTestVisitor(host, { tenantId: other.id });
    const visitor = await createTestVisitor(host);
    const wrong: string[] = [];
    let checked = 0;
    for (const r of guarded.filter((x) => paramsOf(x.fullPath).length)) {
      const fixture: TenantFixture | undefined = fixtures[r.fullPath];
      const note = fixture === undefined ? ' (random id: add a tenant fixture)' : '';
      const uuidParams = paramsOf(r.fullPath).filter(
        (p) => (r.schema?.params?.properties as Record<string, { format?: string }> | undefined)?.[p]?.format === 'uuid',
      );
      if (!fixture && !uuidParams.length) continue; // no tenant object in the path (e.g. a plugin id)
      const params = fixture ? await fixture({ host, tenantId: other.id, admin: otherAdmin, visitor: otherVisitor }) : {};
      const s = await call(host, r, r.auth === 'visitor' ? visitor.headers : admin.headers, params, true);
      checked++;
      if (s !== 404) wrong.push(`${r.method} ${r.fullPath}${note} -> ${s}`);
    }
    expect(checked).to.be.greaterThan(5);
    expect(wrong).to.deep.equal([]);
  });
});
