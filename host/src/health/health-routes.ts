import type { RouteRegistry } from '../http/route-registry.js';
import type { Readiness } from './readiness.js';
import type { HostMetrics } from '../metrics/metrics.js';
import { buildOpenApi } from '../http/openapi.js';
import { metricsGuard } from './metrics-guard.js';

const CHECK_SCHEMA = {
  type: 'object',
  required: ['ok', 'required'],
  properties: { ok: { type: 'boolean' }, required: { type: 'boolean' }, detail: { type: 'string' } },
};
const READY_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: { status: { enum: ['ready', 'not_ready'] }, checks: { type: 'object', additionalProperties: CHECK_SCHEMA } },
};

/** The kernel's own routes: liveness, readiness, metrics and the OpenAPI document. */
export function registerHealthRoutes(
  routes: RouteRegistry,
  readiness: Readiness,
  metrics: HostMetrics,
  version: string,
  metricsToken?: string,
): void {
  routes.add({
    method: 'get',
    path: '/healthz',
    auth: 'public',
    summary: 'Liveness: the process is up and serving',
    tags: ['health'],
    schema: {
      response: { 200: { type: 'object', required: ['status'], properties: { status: { const: 'ok' }, uptime: { type: 'number' } } } },
    },
    handler: () => ({ status: 'ok', uptime: Math.round(process.uptime()) }),
  });
  routes.add({
    method: 'get',
    path: '/readyz',
    auth: 'public',
    summary: 'Readiness: database, Redis (when configured), migrations and plugins',
    tags: ['health'],
    schema: { response: { 200: READY_SCHEMA, 503: READY_SCHEMA } },
    handler: async (ctx) => {
      const r = await readiness.run();
      ctx.status = r.ok ? 200 : 503;
      ctx.set('Cache-Control', 'no-store');
      return { status: r.ok ? 'ready' : 'not_ready', checks: r.checks };
    },
  });
  routes.add({
    method: 'get',
    path: '/metrics',
    auth: 'public',
    summary: 'Prometheus metrics (a bearer token, or loopback callers only)',
    tags: ['health'],
    hidden: true,
    middleware: [metricsGuard(metricsToken)],
    handler: async (ctx) => {
      ctx.type = metrics.registry.contentType;
      ctx.body = await metrics.registry.metrics();
    },
  });
  routes.add({
    method: 'get',
    path: '/api/v1/openapi.json',
    auth: 'public',
    summary: 'This API, as OpenAPI 3.1, generated from the route schemas',
    tags: ['meta'],
    hidden: true,
    handler: () => buildOpenApi(routes.list(), { title: 'Bacon API', version }),
  });
}
