import type { TenantFixtures } from './tenant-fixture-types.js';

const json = { 'content-type': 'application/json' };

/**
 * Objects of the host's own routes, made in the *other* tenant: the auth matrix asks for them with
 * an admin of the first tenant and expects 404. Packages add theirs in `test/tenant-fixtures.ts`.
 */
export const tenantFixtures: TenantFixtures = {
  '/api/v1/users/:id': async ({ host, admin }) => {
    const r = await fetch(`${host.url}/api/v1/users`, {
      method: 'POST',
      headers: { ...admin.headers, ...json },
      body: JSON.stringify({
        email: `b-${Date.now()}-${Math.random()}@t.local`.replace(/0\./, ''),
        role: 'agent',
        password: 'long enough pw',
      }),
    });
    return { id: ((await r.json()) as { id: string }).id };
  },
  '/api/v1/ip-rules/:id': async ({ host, admin }) => {
    const r = await fetch(`${host.url}/api/v1/ip-rules`, {
      method: 'POST',
      headers: { ...admin.headers, ...json },
      body: JSON.stringify({ cidr: '203.0.113.0/24', action: 'block' }),
    });
    return { id: ((await r.json()) as { id: string }).id };
  },
  '/api/v1/site-keys/:id': async ({ host, admin }) => {
    const r = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, ...json },
      body: JSON.stringify({ allowedOrigins: ['https://b.example'] }),
    });
    return { id: ((await r.json()) as { id: string }).id };
  },
};
