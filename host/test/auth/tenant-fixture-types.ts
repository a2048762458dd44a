import type { TestHost, TestUser, TestVisitor } from '../../src/testing/index.js';

/**
 * For each route path pattern with a tenant object in its params: makes such an object in the
 * other tenant (`tenantId`, with its `admin` and a widget `visitor`) and returns the route params
 * that name it. The matrix then asks for it as a user (or visitor) of the first tenant: 404.
 */
export type TenantFixture = (ctx: {
  host: TestHost;
  tenantId: string;
  admin: TestUser;
  visitor: TestVisitor;
}) => Promise<Record<string, string>>;
export type TenantFixtures = Record<string, TenantFixture>;
