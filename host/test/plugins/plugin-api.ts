import { createTestTenant, createTestUser, requestJson, type TestHost, type TestUser } from '../../src/testing/index.js';

/** An admin (or agent) of a new tenant, or of the first-boot tenant when `ownTenant` is false. */
export async function userOf(host: TestHost, role: 'admin' | 'agent' = 'admin', ownTenant = true): Promise<TestUser> {
  const tenantId = ownTenant ? (await createTestTenant(host)).id : undefined;
  return createTestUser(host, { role, tenantId });
}

/** A JSON request to the host as `user` (with the real auth guard). */
export async function api(
  host: TestHost,
  user: TestUser | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  return requestJson(host.url, user?.headers, method, path, body);
}

/** The path of a sandboxed fixture plugin. */
export const fixture = (name: string) => new URL(`./fixtures/sandboxed/${name}.ts`, import.meta.url).pathname;
