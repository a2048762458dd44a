export { startTestHost, withTestHost } from './with-test-host.js';
export type { TestHost, TestHostOptions } from './with-test-host.js';
export { createTestDatabase, defaultBackend } from './test-database.js';
export type { TestDatabase, TestBackend } from './test-database.js';
export { startTestRedis } from './redis-server.js';
export type { TestRedis } from './redis-server.js';
export { createTestTenant, createTestUser, createTestVisitor } from './auth.js';
export type { TestUser, TestVisitor } from './auth.js';
export { sampleFromSchema } from './sample-from-schema.js';
