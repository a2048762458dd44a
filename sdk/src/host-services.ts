/**
 * Host services: what kernel modules provide to the trusted plugins that declare them in their
 * `services` list (`definePlugin({ services: ['realtime'], init(ctx) { ctx.services.realtime } })`).
 */
import type { AuthUser } from './http.js';

/** Users of the tenant, owned by the host's auth. */
/** A user as the directory answers them: the token's fields and their profile picture. */
export type DirectoryUser = AuthUser & { avatarUrl?: string | null };

export interface PluginDirectory {
  getUser(tenantId: string, userId: string): Promise<DirectoryUser | undefined>;
  listUsers(tenantId: string, filter?: { role?: 'admin' | 'agent' }): Promise<AuthUser[]>;
}

/** Admin-visible audit trail (who did what, from where, before/after). */
export interface PluginAudit {
  record(entry: {
    tenantId: string;
    actorId?: string;
    actorKind?: 'user' | 'system' | 'plugin';
    action: string;
    targetType?: string;
    targetId?: string;
    before?: unknown;
    after?: unknown;
    ip?: string;
  }): Promise<void>;
}

/**
 * Host services a trusted plugin may declare in its `services` list and then reads from
 * `ctx.services`. The host refuses at boot a plugin that declares a service no kernel module
 * provides; reading one the plugin did not declare throws.
 */
export interface PluginServices {
  /** Users of each tenant (auth module). */
  directory: PluginDirectory;
  /** The admin audit trail (auth module). */
  audit: PluginAudit;
  /** Sockets, rooms and catch-up (realtime module). */
  realtime: import('./realtime.js').PluginRealtime;
  /** Named rate limits, in memory or in Redis across hosts (auth module). */
  rateLimits: PluginRateLimits;
  /** Routes outside `/api/v1` for public clients (a site's widget), e.g. under `/widget/v1`. */
  publicRoutes: PluginPublicRoutes;
  /** Serving built files (a browser app): one file at a path, or a folder under a prefix. */
  staticFiles: PluginStaticFiles;
  /** Site keys of the install, for development pages that embed a site's widget. */
  siteKeys: PluginSiteKeys;
  /** Visitor sessions of a site key: its signed config, and a visitor token in exchange for it. */
  visitorSessions: PluginVisitorSessions;
  /** The registry of personal data holders the GDPR export asks (personal-data module). */
  personalData: import('./personal-data.js').PluginPersonalData;
  /** The channel adapters other plugins offer, and calls into them (plugins module). */
  channelAdapters: PluginChannelAdapters;
  /** Calls another plugin's action for a tenant, as the host's plugin calls do (plugin loader). */
  pluginActions: PluginActionCalls;
  /** Every enabled plugin's enrichers for a contact, in parallel within a budget (plugins module). */
  pluginEnrichers: PluginEnricherCalls;
  /** Outgoing email through the deployment's SMTP server, `BACON_SMTP_URL` (mail module). */
  mailer: PluginMailer;
  /** The rich message types (built-in and plugins'): checks sends, fallback text, degrade per channel (plugins module). */
  messageComponents: import('./message-components.js').MessageComponentRegistry;
}

/**
 * Another plugin's actions, called through the host: the plugin must run (and, sandboxed, be enabled
 * for the tenant); the input is checked against the action's schema and the call goes through its
 * `plugin:action` breaker, with its timeout and metrics. Refusals throw the plugin's BaconError.
 */
export interface PluginActionCalls {
  call(pluginId: string, action: string, input: unknown, tenantId: string): Promise<unknown>;
  /** The actions offered in conversations (`conversation` set) by the plugins this tenant may use. */
  conversationActions(tenantId: string): Promise<ConversationAction[]>;
}

/** An action a plugin offers agents in a conversation (see `ActionDef.conversation`). */
export interface ConversationAction {
  pluginId: string;
  pluginTitle: string;
  action: string;
  title: string;
  description?: string;
  input: Record<string, unknown>;
  conversation: import('./plugin.js').ConversationActionDef;
}

/** What an enricher is asked about: the contact (and the conversation, when there is one). */
export interface EnrichmentInput {
  contact: Record<string, unknown>;
  conversationId?: string;
}

/**
 * One enricher's answer. `ok` carries `data` (JSON, at most `maxBytes` once serialised); the other
 * statuses carry a one-line `reason` for the agent: `timeout` (past the budget), `breaker_open`
 * (the plugin failed too often lately), `too_large` (the data was over `maxBytes`), `failed` (the
 * plugin threw or answered an error).
 */
export interface EnrichmentResult {
  pluginId: string;
  enricher: string;
  title: string;
  status: 'ok' | 'timeout' | 'breaker_open' | 'too_large' | 'failed';
  data?: unknown;
  reason?: string;
  /** How long the call took (up to the budget). */
  ms: number;
}

export interface EnrichmentOptions {
  /** Time budget of each call in milliseconds (default 1,500); a call past it is reported as `timeout`. */
  budgetMs?: number;
  /** Largest serialised answer kept (default 16 KiB); a larger one is reported as `too_large`. */
  maxBytes?: number;
  /** Only these plugins (ids). */
  plugins?: string[];
}

/**
 * The enrichers of the running plugins (trusted, and sandboxed ones the tenant enabled), called in
 * parallel for a tenant, each within its own budget and through its breaker. It never throws for a
 * plugin's failure: a slow, broken or tripped plugin is one result with a reason, and never holds up
 * the others. Results come in a stable order (plugin id, then enricher name).
 */
export interface PluginEnricherCalls {
  collect(tenantId: string, input: EnrichmentInput, opts?: EnrichmentOptions): Promise<EnrichmentResult[]>;
}

/** A running plugin that offers a channel. */
export interface ChannelPluginInfo {
  pluginId: string;
  tier: 'trusted' | 'sandboxed';
  /** The adapter's channel name (`whatsapp`), stored on its conversations. */
  name: string;
  supports: string[];
  /** The adapter methods it defines (`verifyWebhook`, `parseWebhook`, `handshake`, `send`, `poll`, `replyWindow`, `markSeen`). */
  methods: string[];
  pollIntervalSeconds?: number;
  /** The provider's published webhook source ranges (CIDR), when the adapter declares them. */
  webhookSources?: string[];
}

export type ChannelMethod = 'verifyWebhook' | 'parseWebhook' | 'handshake' | 'send' | 'poll' | 'replyWindow' | 'markSeen';

/**
 * The channel adapters of the running plugins (trusted and sandboxed alike). A call runs like an
 * action: for a sandboxed plugin in its isolate, only for a tenant that enabled it, with that
 * tenant's grants and settings, through its breaker; failures are SDK errors.
 */
export interface PluginChannelAdapters {
  list(): ChannelPluginInfo[];
  get(pluginId: string): ChannelPluginInfo | undefined;
  call<T = unknown>(pluginId: string, method: ChannelMethod, input: unknown, tenantId: string): Promise<T>;
  /** The tenants that enabled the plugin (a polling channel polls for each of them). */
  enabledTenants(pluginId: string): Promise<string[]>;
}

/**
 * Sessions for a site's visitors, checked by the host: the site key must exist and be called from
 * one of its origins (and the tenant's IP rules must allow the caller). A plugin mounts the routes
 * (the channels plugin: `GET /widget/v1/config`, `POST /widget/v1/session`) and rate-limits them.
 * Failures throw the 401/403 errors the routes answer.
 */
export interface PluginVisitorSessions {
  /** The site's config signed by the host (valid BACON_WIDGET_CONFIG_TTL seconds). */
  signedConfig(
    http: import('./http.js').HttpContext,
    siteKey: string,
  ): Promise<{ config: { sk: string; exp: number; identityRequired: boolean }; signed: string; expiresAt: string }>;
  /** Trades that signed config (plus an identity the customer's backend signed) for a visitor token. */
  open(
    http: import('./http.js').HttpContext,
    input: { siteKey: string; config: string; identity?: { userId: string; hash: string } },
  ): Promise<{ token: string; visitorId: string; expiresAt: string; identityVerified: boolean }>;
}

export interface StaticFileOptions {
  /** The owner shown in the route list (the plugin id). */
  owner: string;
  summary?: string;
  /** `revalidate` (default for files: `no-cache` + ETag) or `immutable` (default for folders: content-hashed names). */
  cache?: 'revalidate' | 'immutable';
  /** Extra response headers (e.g. `Access-Control-Allow-Origin` for a script other sites load). */
  headers?: Record<string, string>;
  /** What is missing when the file is absent (`the console`): answered as 503 `ui_not_built`. */
  unbuilt?: string;
  /** Asked first: a location to redirect the request to (302) instead of answering the file. */
  redirectTo?: (request: { origin: string; query: Record<string, unknown> }) => Promise<string | undefined>;
}

/** GET routes that answer files from disk with ETag (304 on a match) and Cache-Control. */
export interface PluginStaticFiles {
  file(path: string, file: string, opts: StaticFileOptions): void;
  /** `prefix/<name>` answers `dir/<name>`; a path that climbs out of `dir` is a 404. */
  folder(prefix: string, dir: string, opts: StaticFileOptions): void;
  /** A 302 from `from` to `to`. */
  redirect(from: string, to: string, opts: { owner: string; summary?: string }): void;
}

export interface PluginSiteKeys {
  /**
   * The first workspace's site key called `name`, made on first use and extended to `origin`
   * (development pages only: the demo page embeds the widget with it).
   */
  forOrigin(origin: string, name: string): Promise<{ key: string; tenantId: string } | undefined>;
}

/**
 * Named rate rules on the host's store (memory, or Redis shared by every host). The host's own
 * rules (`BACON_RATE_*`: `loginIp`, `apiIp`, `widgetSite`, `widgetIp`...) exist already; a plugin
 * declares its own once, prefixed by its id (`channels.message`).
 */
export interface PluginRateLimits {
  define(name: string, rule: { points: number; duration: number }): void;
  /** Takes one point for `key`; throws a 429 with `Retry-After` when none is left. */
  consume(name: string, key: string): Promise<void>;
}

/**
 * Route scopes at a path prefix outside `/api/v1` (e.g. `/widget/v1`). `visitor` routes take the
 * visitor token the host's site sessions issue. With `crossOrigin: 'site-keys'` the prefix is a
 * site path: calls from origins some site key lists get CORS, its pages may be framed by the
 * origins the route names (`state.frameAncestors`), and other sites may load its resources.
 */
export interface PluginPublicRoutes {
  scope(prefix: string, owner: string, opts?: { crossOrigin?: 'site-keys' }): import('./http.js').PluginRoutes;
}

export type PluginServiceName = keyof PluginServices;

/** One outgoing email. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
}

/**
 * Outgoing email. `configured` is false when the deployment set no SMTP server: then `send`
 * throws, so a plugin checks it first and sends nothing.
 */
export interface PluginMailer {
  readonly configured: boolean;
  /** The host's public base URL (`PUBLIC_URL`, else where it listens), for links in mail. */
  readonly publicUrl: string;
  /** Hands one message to the SMTP server; answers its message id. Throws on a refusal or a network failure. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}
