import { randomBytes } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import type { AuthUser, AuthVisitor } from '@bacon/sdk';
import type { TestHost } from './with-test-host.js';
import { authRuntime } from '../auth/auth-runtime.js';
import { signAccessToken } from '../auth/access-tokens.js';
import { hashPassword, TEST_SCRYPT } from '../auth/passwords.js';
import { createTenant } from '../auth/tenants-repo.js';
import { insertUser, toAuthUser } from '../auth/users-repo.js';
import { issueVisitorToken } from '../auth/visitor-auth.js';
import { insertSiteKey } from '../security/site-keys-repo.js';

export interface TestUser {
  user: AuthUser;
  /** A valid access token (Bearer). */
  token: string;
  /** `{ authorization: 'Bearer <token>' }` */
  headers: Record<string, string>;
  password: string;
}

/** A new tenant on a started test host. */
export async function createTestTenant(host: TestHost, name = `Tenant ${randomBytes(3).toString('hex')}`): Promise<{ id: string }> {
  const row = await createTenant(authRuntime(host).knex, name);
  return { id: row.id };
}

/**
 * A user (default: an agent of the first-boot tenant) with a signed access token, without going
 * through /auth/login (so it never meets the login rate limit).
 */
export async function createTestUser(
  host: TestHost,
  opts: { role?: 'admin' | 'agent'; tenantId?: string; email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  const rt = authRuntime(host);
  const role = opts.role ?? 'agent';
  const password = opts.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const row = await insertUser(rt.knex, {
    tenantId: opts.tenantId ?? rt.defaultTenantId,
    email: opts.email ?? `${role}-${randomBytes(5).toString('hex')}@test.bacon.local`,
    name: opts.name ?? `Test ${role}`,
    role,
    passwordHash: await hashPassword(password, TEST_SCRYPT),
  });
  const { token, jti } = signAccessToken(
    rt.keys,
    { id: row.id, tenantId: row.tenant_id, role: row.role, tokenVersion: row.token_version },
    rt.config.accessTokenTtl,
  );
  return { user: toAuthUser(row, jti), token, headers: { authorization: `Bearer ${token}` }, password };
}

export interface TestVisitor {
  visitor: AuthVisitor;
  token: string;
  /** `{ authorization: 'Bearer <visitor token>', origin: <the site's origin> }` */
  headers: Record<string, string>;
  siteKey: { id: string; key: string; origin: string; identitySecret: string };
}

/**
 * A widget visitor session (default: on a new site key of the first-boot tenant allowing
 * `https://site.test`), without the config/session round trip.
 */
export async function createTestVisitor(
  host: TestHost,
  opts: { tenantId?: string; siteKey?: string; origin?: string; identityUserId?: string; identityRequired?: boolean } = {},
): Promise<TestVisitor> {
  const rt = authRuntime(host);
  const tenantId = opts.tenantId ?? rt.defaultTenantId;
  const origin = opts.origin ?? 'https://site.test';
  const site = opts.siteKey
    ? await rt.siteKeys.find(opts.siteKey)
    : await insertSiteKey(rt.knex, {
        tenantId,
        name: 'test site',
        allowedOrigins: [origin],
        identityRequired: opts.identityRequired ?? false,
      });
  if (!site) throw new Error(`no site key ${opts.siteKey}`);
  const id = randomUUID();
  const { token } = issueVisitorToken(rt, site, { id, identityUserId: opts.identityUserId });
  const visitor: AuthVisitor = { id, tenantId: site.tenant_id, siteKey: site.key };
  if (opts.identityUserId) visitor.identity = { userId: opts.identityUserId, verified: true };
  return {
    visitor,
    token,
    headers: { authorization: `Bearer ${token}`, origin: site.allowed_origins[0] ?? origin },
    siteKey: { id: site.id, key: site.key, origin: site.allowed_origins[0] ?? origin, identitySecret: site.identity_secret },
  };
}
