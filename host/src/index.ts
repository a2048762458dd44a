export { createHost, HOST_VERSION, HOST_MIGRATIONS } from './host.js';
export type { Host, HostModule, HostServices, ModuleSetup, CreateHostOptions } from './host.js';
export { defineModule } from './kernel/host-module.js';
export { publicRoutesModule, publicRoutesService } from './http/public-routes.js';
export { defineService } from './kernel/service-ref.js';
export type { ServiceRef, ServiceMap, ServiceValues } from './kernel/service-ref.js';
export { startOrder, ServiceGraphError } from './kernel/start-order.js';
export { loadConfig, ConfigError, ENV_VARS } from './config/index.js';
export type { Config } from './config/index.js';
export { createLogger, REDACT_PATHS } from './logs/logger.js';
export type { Logger } from './logs/logger.js';
export { RouteRegistry } from './http/route-registry.js';
export type {
  RouteSpec,
  RouteContext,
  RouteAuth,
  RouteSchemas,
  RegisteredRoute,
  ScopedRoutes,
  AuthGuard,
  JsonSchema,
} from './http/route-registry.js';
export { HostErrors } from './http/errors.js';
export { buildOpenApi } from './http/openapi.js';
export { createAjv } from './http/ajv.js';
export { runMigrations, MultiDirMigrationSource, MIGRATIONS_TABLE } from './db/migrate.js';
export type { MigrationDir } from './db/migrate.js';
export type { Database, DbKind } from './db/connect.js';
export type { EventBus, BusEvent, BusHandler } from './bus/index.js';
export type { Jobs, Job, JobOptions } from './jobs/jobs.js';
export type { HostMetrics } from './metrics/metrics.js';
export { Readiness } from './health/readiness.js';
export type { CheckResult, ReadinessCheck } from './health/readiness.js';
export {
  authModule,
  authRuntime,
  authService,
  directoryService,
  auditTrailService,
  rateLimitsService,
  scopeByTenant,
  findInTenant,
  tenantOf,
  issueVisitorToken,
} from './auth/index.js';
export type { AuthRuntime } from './auth/index.js';
export { defaultModules } from './default-modules.js';
export type { DefaultModulesOptions } from './default-modules.js';
export { bundlePlugin, ProcessSandbox, pluginsService } from './plugins/index.js';
export { writeInstall } from './plugins/install-store.js';
