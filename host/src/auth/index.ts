export {
  authModule,
  directoryService,
  auditTrailService,
  rateLimitsService,
  siteKeysService,
  visitorSessionsService,
} from './auth-module.js';
export { authRuntime, authService } from './auth-runtime.js';
export type { AuthRuntime } from './auth-runtime.js';
export { scopeByTenant, findInTenant, tenantOf, notFoundInTenant } from './tenant-scope.js';
export type { TenantScoped } from './tenant-scope.js';
export { issueVisitorToken } from './visitor-auth.js';
export { signAccessToken, verifyToken, JWT_ALGORITHMS, USER_AUDIENCE, VISITOR_AUDIENCE } from './access-tokens.js';
export { loadJwtKeys, JwtKeyError } from './jwt-keys.js';
export type { JwtKey, JwtKeyRing } from './jwt-keys.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { keyWarnings, KNOWN_DEFAULT_SECRETS } from './key-health.js';
export { startSession, refreshSession, endSession, revokeAllSessions } from './sessions.js';
