import { Registry, collectDefaultMetrics, Histogram } from 'prom-client';
import type { Middleware } from 'koa';

export interface HostMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
}

/** One prom-client registry per host (tests run several hosts in one process). */
export function createMetrics(): HostMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'bacon_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry, httpDuration };
}

/** Times every request, labelled by the matched route pattern (never the raw path: bounded cardinality). */
export function httpMetrics(m: HostMetrics): Middleware {
  return async (ctx, next) => {
    const end = m.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const route = (ctx.state.route?.fullPath as string | undefined) ?? (ctx._matchedRoute as string | undefined) ?? 'unmatched';
      end({ method: ctx.method, route, status: String(ctx.status) });
    }
  };
}
