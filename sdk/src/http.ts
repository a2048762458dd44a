/**
 * The HTTP surface a plugin sees: routes declared with JSON schemas and a required role.
 * The host enforces the role, validates params/query/body with ajv and builds OpenAPI from the same
 * declarations.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** `public` (no token), `visitor` (widget session), `agent`, `admin` (admin implies agent). */
export type RouteAuth = 'public' | 'visitor' | 'agent' | 'admin';

export type JsonSchema = Record<string, unknown>;

export interface RouteSchemas {
  params?: JsonSchema;
  query?: JsonSchema;
  body?: JsonSchema;
  /** Response schemas by status code (checked in tests, published in OpenAPI). */
  response?: Record<number, JsonSchema>;
}

/** The authenticated principal, set by the host's auth guard. */
/** When the console tells a user about work: sound, desktop notifications, and for which events (their profile). */
export interface NotificationPrefs {
  sound: boolean;
  desktop: boolean;
  newConversations: boolean;
  assignedMessages: boolean;
  mentions: boolean;
}

export interface AuthUser {
  id: string;
  tenantId: string;
  role: 'admin' | 'agent';
  email?: string;
  name?: string;
  jti?: string;
}

/** A widget visitor session, set for `visitor` routes. */
export interface AuthVisitor {
  id: string;
  tenantId: string;
  siteKey: string;
  /** Present when the customer's backend signed the visitor's identity. */
  identity?: { userId: string; verified: boolean };
}

/**
 * The contact external id of a widget visitor on the web channel: the signed identity when there is
 * one (`u:<userId>`), else the session's visitor id (`v:<id>`). The web channel files a visitor's
 * conversations under it; other plugins use it to check that a visitor owns a conversation.
 */
export function visitorKey(visitor: Pick<AuthVisitor, 'id' | 'identity'>): string {
  return visitor.identity?.verified ? `u:${visitor.identity.userId}` : `v:${visitor.id}`;
}

export interface RequestState {
  requestId: string;
  user?: AuthUser;
  visitor?: AuthVisitor;
  /** Tenant of the caller (user or visitor); every query is scoped by it. */
  tenantId?: string;
  /** Validated (and coerced) query parameters. */
  query: Record<string, unknown>;
  log: PluginLogger;
  [key: string]: unknown;
}

/** The part of the Koa context a handler may use. */
export interface HttpContext {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: { body?: unknown; rawBody?: Buffer; headers: Record<string, string | string[] | undefined> };
  state: RequestState;
  status: number;
  body: unknown;
  ip: string;
  get(header: string): string;
  set(header: string, value: string): void;
  type: string;
}

/** What a route answers: an HTML page, a static asset, or the API (JSON). */
export type RouteServes = 'page' | 'asset' | 'api';

export interface RouteSpec {
  method: HttpMethod;
  /** Koa-router path, e.g. `/conversations/:id`. */
  path: string;
  auth: RouteAuth;
  summary?: string;
  description?: string;
  tags?: string[];
  schema?: RouteSchemas;
  /** Excluded from OpenAPI (non-API routes: pages, assets, metrics). */
  hidden?: boolean;
  /**
   * The route answers this media type (a file download: `application/octet-stream`, `image/*`...)
   * instead of JSON on success; OpenAPI describes it as such. Errors are still JSON.
   */
  produces?: string;
  /**
   * The route reads `ctx.request.rawBody` itself (a provider webhook, signed over its raw bytes): any
   * content type is accepted and a JSON body is still parsed when it is JSON. Every other route takes
   * JSON only and answers other content types with 415 `unsupported_media_type`.
   */
  rawBody?: boolean;
  /**
   * What the route answers, which picks its security headers (CSP) for every status it sends,
   * `304 Not Modified` included: `page` (an HTML document), `asset` (scripts, styles, images) or
   * `api` (JSON, the default). Errors (4xx, 5xx) are always `api`.
   */
  serves?: RouteServes;
  /** The return value, when not undefined, becomes the JSON body (status 200 unless the handler set one). */
  handler: (ctx: HttpContext) => unknown | Promise<unknown>;
}

export type RouteShort = (path: string, spec: Omit<RouteSpec, 'method' | 'path'>) => void;

/** Routes scoped to the plugin's prefix (`/api/v1/<prefix>`). */
export interface PluginRoutes {
  readonly prefix: string;
  add(spec: RouteSpec): void;
  get: RouteShort;
  post: RouteShort;
  put: RouteShort;
  patch: RouteShort;
  delete: RouteShort;
}

/** pino-compatible logger subset. */
export interface PluginLogger {
  trace(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  child(bindings: Record<string, unknown>): PluginLogger;
}

/** The body of every error answer, `{error:{code,message,details?}}`, as a response schema. */
export const errorResponseSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

/** The usual error answers of a JSON route (400, 401, 403, 404, 409), for `schema.response`. */
export const errorResponses: Record<number, JsonSchema> = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
};
