import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { ValidateFunction } from 'ajv';
import { HostErrors } from './errors.js';
import { Unauthorized, readableFieldErrors, summarizeFieldErrors } from '@bacon/sdk';
import { createAjv } from './ajv.js';
import { guardInput } from './input-guard.js';
import type { RouteSpec as SdkRouteSpec } from '@bacon/sdk';

// The route vocabulary is the SDK's: plugins and kernel modules declare routes the same way.
import type { HttpMethod, RouteAuth } from '@bacon/sdk';
export type { HttpMethod, RouteAuth, JsonSchema, RouteSchemas } from '@bacon/sdk';

/** The Koa context a route handler receives: koa-router sets `params`. Satisfies the SDK's HttpContext. */
export type RouteContext = Context & { params: Record<string, string> };

/**
 * The SDK's RouteSpec (what plugins declare) plus optional Koa middleware for host modules. Any SDK
 * route is a valid host route, so plugin routes go through the same registry.
 */
export interface RouteSpec extends Omit<SdkRouteSpec, 'handler'> {
  /** Extra middleware run after auth and validation (rate limits, tenant scope...). */
  middleware?: Middleware[];
  /** The handler's return value, when not undefined, becomes the JSON body (status 200 unless set). */
  handler: (ctx: RouteContext) => unknown | Promise<unknown>;
}

export interface RegisteredRoute extends RouteSpec {
  /** Full path including the prefix. */
  fullPath: string;
  /** Owner: 'host' or a plugin id. */
  owner: string;
}

/** Supplies the middleware that enforces a route's declared auth. Installed by the auth module. */
export type AuthGuard = (auth: RouteAuth, route: RegisteredRoute) => Middleware;

/** A route-declaring handle scoped to a prefix and an owner; what a plugin receives as `router`. */
export interface ScopedRoutes {
  readonly prefix: string;
  add(spec: RouteSpec): void;
  get(path: string, spec: Omit<RouteSpec, 'method' | 'path'>): void;
  post(path: string, spec: Omit<RouteSpec, 'method' | 'path'>): void;
  put(path: string, spec: Omit<RouteSpec, 'method' | 'path'>): void;
  patch(path: string, spec: Omit<RouteSpec, 'method' | 'path'>): void;
  delete(path: string, spec: Omit<RouteSpec, 'method' | 'path'>): void;
}

const AUTHS: ReadonlySet<string> = new Set(['public', 'visitor', 'agent', 'admin']);

/**
 * Every route of the host lives here: declared with its schemas and auth, compiled once into
 * koa-router layers with ajv validation, and listed for the OpenAPI document and the auth matrix.
 */
export class RouteRegistry {
  readonly router = new Router();
  private readonly routes: RegisteredRoute[] = [];
  private readonly ajv = createAjv({ coerceTypes: false });
  private readonly coercingAjv = createAjv({ coerceTypes: 'array' });
  private guard: AuthGuard = (auth) => async (_ctx, next) => {
    if (auth !== 'public') throw Unauthorized('Authentication is not configured on this host.');
    return next();
  };

  constructor(private readonly opts: { validateResponses: boolean }) {}

  setAuthGuard(guard: AuthGuard): void {
    this.guard = guard;
  }

  list(): readonly RegisteredRoute[] {
    return this.routes;
  }

  scope(prefix: string, owner: string): ScopedRoutes {
    const clean = prefix === '/' ? '' : prefix.replace(/\/$/, '');
    const add = (spec: RouteSpec) => this.add(spec, clean, owner);
    const short = (method: HttpMethod) => (path: string, spec: Omit<RouteSpec, 'method' | 'path'>) => add({ ...spec, method, path });
    return {
      prefix: clean,
      add,
      get: short('get'),
      post: short('post'),
      put: short('put'),
      patch: short('patch'),
      delete: short('delete'),
    };
  }

  add(spec: RouteSpec, prefix = '', owner = 'host'): void {
    if (!AUTHS.has(spec.auth))
      throw new Error(`Route ${spec.method.toUpperCase()} ${prefix}${spec.path} must declare auth (public|visitor|agent|admin)`);
    const fullPath = spec.path === '/' && prefix ? prefix : `${prefix}${spec.path}` || '/';
    if (this.routes.some((r) => r.method === spec.method && r.fullPath === fullPath)) {
      throw new Error(`Route ${spec.method.toUpperCase()} ${fullPath} is declared twice`);
    }
    const route: RegisteredRoute = { ...spec, fullPath, owner };
    this.routes.push(route);
    const validators = this.compile(route);
    const guard: Middleware = (ctx, next) => this.guard(route.auth, route)(ctx, next);
    const stamp: Middleware = async (ctx, next) => {
      ctx.state.route = route;
      return next();
    };
    const handle: Middleware = async (ctx) => {
      validators.request(ctx);
      const result = await route.handler(ctx as RouteContext);
      if (result !== undefined) ctx.body = result;
      if (validators.response) validators.response(ctx);
    };
    this.router[spec.method](fullPath, stamp, guard, ...(route.middleware ?? []), handle);
  }

  private compile(route: RegisteredRoute) {
    const s = route.schema ?? {};
    const params = s.params ? this.coercingAjv.compile(s.params) : undefined;
    const query = s.query ? this.coercingAjv.compile(s.query) : undefined;
    const body = s.body ? this.ajv.compile(s.body) : undefined;
    const responses = new Map<number, ValidateFunction>();
    for (const [status, schema] of Object.entries(s.response ?? {})) responses.set(Number(status), this.ajv.compile(schema));
    const fail = (where: 'params' | 'query' | 'body', v: ValidateFunction) => {
      const errors = readableFieldErrors(where, v.errors ?? [], s[where]);
      throw HostErrors.validationFailed({ in: where, errors }, summarizeFieldErrors(errors, 'The request does not match the schema.'));
    };
    const request = (ctx: Context) => {
      const raw = (ctx.request as { rawBody?: Buffer }).rawBody;
      if (!route.rawBody && raw && raw.length > 0 && !ctx.request.is('json', '+json')) {
        throw HostErrors.unsupportedMediaType({ contentType: ctx.get('content-type') || null });
      }
      if (ctx.state.bodyError && !route.rawBody) throw ctx.state.bodyError;
      guardInput('params', ctx.params);
      guardInput('query', ctx.query);
      if ((ctx.request as { body?: unknown }).body !== undefined) guardInput('body', (ctx.request as { body?: unknown }).body);
      if (params && !params(ctx.params)) fail('params', params);
      if (query) {
        const q = { ...(ctx.query as Record<string, unknown>) };
        if (!query(q)) fail('query', query);
        ctx.state.query = q;
      } else ctx.state.query = ctx.query;
      if (body) {
        const b = (ctx.request as { body?: unknown }).body;
        if (b === undefined)
          throw HostErrors.validationFailed(
            { in: 'body', errors: [{ field: 'body', message: 'A JSON body is required.' }] },
            'A JSON body is required (Content-Type: application/json).',
          );
        if (!body(b)) fail('body', body);
      }
    };
    const response =
      this.opts.validateResponses && responses.size
        ? (ctx: Context) => {
            const v = responses.get(ctx.status);
            if (v && !v(ctx.body)) {
              throw new Error(
                `Response of ${route.method.toUpperCase()} ${route.fullPath} (${ctx.status}) violates its schema: ${JSON.stringify(v.errors)}`,
              );
            }
          }
        : undefined;
    return { request, response };
  }
}
