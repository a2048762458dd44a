import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import type { JsonSchema, PluginLogger, PluginRoutes } from './http.js';
import type { PluginEvents, PluginHttp, PluginKv, PluginSecrets } from './capabilities.js';
import type { PluginServiceName, PluginServices } from './host-services.js';
import type { PluginCrypto } from './crypto.js';
import type { PluginEgress } from './data-region.js';

/**
 * The plugin contract. A plugin's default export is `definePlugin({...})`. The same manifest serves
 * both tiers: first-party packages (`@bacon/plugin-*`, trusted) run in-process and receive
 * `TrustedPluginContext` in `init`; everything else runs sandboxed and sees only the capabilities an
 * admin granted (see docs/plugins/).
 */

/**
 * Capabilities a plugin may request; deny by default, granted per tenant by an admin. `pii`: the
 * conversation data handed to the plugin keeps its personal data (without it, emails, phones, cards
 * and IBANs arrive masked).
 */
export type CapabilityName = 'http' | 'kv' | 'events' | 'secrets' | 'conversations.read' | 'messages.send' | 'ai.context' | 'pii';

export interface CapabilityRequest {
  name: CapabilityName;
  /** Why the plugin needs it, shown to the admin who grants it. */
  reason?: string;
  /** `http`: hosts it may call (exact names or `*.example.com`). */
  hosts?: string[];
  /**
   * `http`: the name of a settings field (an array of host names, same forms as `hosts`) whose value
   * each tenant's admin sets: those hosts join `hosts` for that tenant only. For tools whose address
   * is the customer's own (a signed webhook to any automation service).
   */
  hostsSetting?: string;
  /** `events`: topic patterns it may emit / subscribe to. */
  emit?: string[];
  subscribe?: string[];
  /** `kv`: quota in bytes. */
  quotaBytes?: number;
}

export interface ActionDef<I = unknown, O = unknown> {
  title?: string;
  description?: string;
  input: JsonSchema;
  output?: JsonSchema;
  /** Safe to retry with the same input. */
  idempotent?: boolean;
  timeoutMs?: number;
  /** Offered to agents as a button in the conversation (the console renders `input` and prefills it). */
  conversation?: ConversationActionDef;
  run: (input: I, ctx: ActionContext) => O | Promise<O>;
}

/**
 * How an action appears in a conversation: its button label, and which input fields the console
 * fills from the conversation (`contact.email`, `contact.phone`, `contact.name`, `conversation.id`,
 * `conversation.subject`, `conversation.transcript`). The result is posted as a private note: its
 * `summary` line (an output field) and `url` (an output field holding a link), when named.
 */
export interface ConversationActionDef {
  label: string;
  prefill?: Record<string, string>;
  note?: { summary?: string; url?: string };
}

export interface TriggerDef {
  title?: string;
  description?: string;
  /** Where events come from: a provider webhook, polling, or a host event. */
  source: 'webhook' | 'poll' | 'event';
  /** JSON schema of the payload the trigger emits. */
  payload: JsonSchema;
  /** `event`: host topic pattern; `poll`: interval in seconds. */
  topic?: string;
  intervalSeconds?: number;
  /**
   * `webhook`: turns a provider request (POST /api/v1/plugins/<id>/triggers/<name>/<tenantId>) into
   * zero or more payloads, each validated against `payload` and published as `trigger.<id>.<name>`.
   * Throw `Forbidden` to refuse a bad signature.
   */
  receive?: (request: WebhookRequest, ctx: ActionContext) => unknown[] | unknown | Promise<unknown[] | unknown>;
  /**
   * `event`: turns a host event whose topic matches `topic` (and the `events` capability's `subscribe`
   * patterns the admin granted) into zero or more payloads, each validated against `payload` and
   * published as `trigger.<id>.<name>`. Read from the durable log: at least once, in order per key;
   * `event.id` is the idempotency key. Throwing retries it with backoff, then parks it.
   */
  onEvent?: (event: import('./events.js').DurableEvent, ctx: ActionContext) => unknown[] | unknown | Promise<unknown[] | unknown>;
}

export interface WebhookRequest {
  headers: Record<string, string>;
  /** The raw body as text (check signatures against it). */
  body: string;
  query: Record<string, string>;
}

export interface EnricherDef {
  title?: string;
  /** Returns context for AI drafting and the agent's side panel. */
  run: (
    input: { tenantId: string; contact: Record<string, unknown>; conversationId?: string },
    ctx: ActionContext,
  ) => unknown | Promise<unknown>;
}

/**
 * A rich message type a plugin offers (`components: {'order_status': {...}}`); the key is the type
 * name a message's component carries. See docs/plugins/components.md.
 */
export interface ComponentDef {
  /** JSON schema of the component (`type` included); sends are checked against it. */
  schema: JsonSchema;
  /** Plain-text rendering for channels that cannot show the component (trusted tier; sandboxed: the `text` field). */
  fallbackText?: (payload: Record<string, unknown>) => string;
  /** Channel names that render it natively (a channel also does when its adapter lists it in `supports`). */
  channels?: string[];
}

export interface HealthResult {
  ok: boolean;
  detail?: string;
}

/**
 * What actions, triggers, enrichers and checks receive, in both tiers. In the sandbox each
 * capability call is checked against what the admin granted for `tenantId`.
 */
export interface ActionContext {
  tenantId: string;
  /** Merged settings for the tenant, without secret fields (read those through `secrets`). */
  settings: Record<string, unknown>;
  log: Pick<PluginLogger, 'debug' | 'info' | 'warn' | 'error'>;
  http: PluginHttp;
  kv: PluginKv;
  secrets: PluginSecrets;
  events: PluginEvents;
  /** Host-backed HMAC, hashes, constant-time comparison and randomness; needs no grant. */
  crypto: PluginCrypto;
  /** The plugin's own install for this tenant; needs no grant. */
  install: PluginInstallControl;
  /** Waiting (the isolate has no timers): backoff between retries; needs no grant. */
  time: PluginTime;
}

/** The bounds of `ctx.time`: a longer wait is refused (`invalid_argument`). */
export const TIME_LIMITS = { sleepMs: 10_000 } as const;

/** `ctx.time`: waits run on the host; the call's deadline still bounds them. */
export interface PluginTime {
  /** Resolves after `ms` milliseconds (0 to 10000). */
  sleep(ms: number): Promise<void>;
}

/** `ctx.install`: what a plugin may do to its own install for the calling tenant. */
export interface PluginInstallControl {
  /**
   * Switches the plugin off for this tenant, for a state only an admin can repair (a refresh token
   * the provider revoked): it is no longer called, and the admin sees `reason` (up to 500
   * characters, no secrets) beside it until they enable it again. Trusted plugins cannot.
   */
  disable(reason: string): Promise<void>;
}

export interface PluginManifest {
  /** Unique id, lowercase kebab-case (`shopify`, `inbox`). */
  id: string;
  /** semver */
  version: string;
  title?: string;
  description?: string;
  /** semver ranges of the host and SDK this plugin works with. */
  engines?: { host?: string; sdk?: string };
  /** Other plugins this one needs: `{ inbox: '^1.0.0' }`. */
  dependencies?: Record<string, string>;
  /** Tie-breaker among plugins with no dependency between them (lower first, then id). */
  order?: number;
  settings?: { schema: JsonSchema; uiSchema?: Record<string, unknown> };
  capabilities?: CapabilityRequest[];
  /**
   * Where the plugin sends tenant data (`{ regions: ['eu'] }`). A tenant with EU-only storage enables
   * a plugin with a region outside the EU only through an audited admin override; a plugin with the
   * `http` capability and no `egress` counts as `unknown` (outside the EU). See docs/plugins/manifest.md.
   */
  egress?: PluginEgress;
  /** Route prefix under /api/v1 (default: the id; '' mounts at /api/v1 itself, first-party only). */
  http?: { prefix?: string };
  /** Trusted tier: folder of knex migrations, relative to the plugin's package root or absolute. */
  migrations?: string;
  /** Sandboxed tier: resource limits (bounded by host config). */
  limits?: { memoryMb?: number; cpuTimeoutMs?: number };
}

/** Where a plugin runs: in-process (first-party) or in an isolate in the sandbox runner. */
export type PluginTier = 'trusted' | 'sandboxed';

/** The `bacon` field of a plugin package's package.json. */
export interface PluginPackageField {
  /** SDK range the package was built against. */
  sdk: string;
  /** `trusted` is honoured only for workspace and `@bacon/` packages; anything else is sandboxed. */
  tier?: PluginTier;
  /** Sandboxed tier: the file to bundle (default: the package entry). */
  entry?: string;
}

/** Events between plugins and across hosts. At-most-once; the database is the truth. */
export interface PluginBus {
  publish(event: { topic: string; tenantId?: string; payload: unknown; seq?: number }): Promise<void>;
  subscribe(
    pattern: string,
    handler: (event: {
      topic: string;
      tenantId?: string;
      payload: unknown;
      seq?: number;
      origin?: string;
      at?: string;
    }) => void | Promise<void>,
  ): () => void;
}

/** Durable jobs (pg-boss). Queue names are namespaced by the plugin id. */
export interface PluginJobs {
  send<T extends object>(
    queue: string,
    data: T,
    opts?: { startAfter?: Date | number; singletonKey?: string; retryLimit?: number; retryDelay?: number; retryBackoff?: boolean },
  ): Promise<string | null>;
  work<T>(queue: string, handler: (job: { id: string; name: string; data: T }) => Promise<void>): Promise<void>;
  cancel(queue: string, id: string): Promise<void>;
}

/** What a trusted (first-party, in-process) plugin receives in `init`. */
export interface TrustedPluginContext {
  id: string;
  version: string;
  log: PluginLogger;
  /** Routes under `/api/v1/<prefix>`. */
  routes: PluginRoutes;
  /** The knex handle; tables are prefixed by the owner, every row carries tenant_id. */
  db: Knex;
  dbKind: 'pglite' | 'postgres';
  bus: PluginBus;
  /** The durable event stream: append in your transaction, consume at least once (docs/plugins/events.md). */
  events: import('./events.js').PluginEventLog;
  jobs: PluginJobs;
  /** The host's prom-client registry; label your metrics with `plugin`. */
  metrics: Registry;
  /** The host services this plugin declared in `services` (others throw when read). */
  services: PluginServices;
  /** Settings merged from manifest defaults and install level (per-tenant overrides: `settingsFor`). */
  settings: Record<string, unknown>;
  settingsFor(tenantId: string): Promise<Record<string, unknown>>;
  /** One of the plugin's own secret settings for a tenant (falling back to install level), decrypted. */
  secretFor(tenantId: string, name: string): Promise<string | undefined>;
  /** The public API returned by the `init` of a declared dependency. */
  use<T = unknown>(pluginId: string): T;
  /** Registers a readiness check reported under `/readyz` and `GET /api/v1/plugins`. */
  addHealthCheck(check: () => Promise<HealthResult>): void;
}

/** What an operator command runs with: the database (migrated), the live bus, and the terminal. */
export interface PluginCommandContext {
  db: Knex;
  /** The host's durable event log table. */
  eventsTable: string;
  /** The live bus (Redis when configured): tell running hosts what changed. */
  bus: Pick<PluginBus, 'publish'>;
  out(line: string): void;
  err(line: string): void;
}

/**
 * Trusted tier: an operator command, `npm run bacon -- <plugin id>:<name> [args]`. It runs in its
 * own process against the database, without serving; it answers the process exit code.
 */
export interface PluginCommand {
  summary: string;
  run(ctx: PluginCommandContext, args: string[]): Promise<number>;
}

export interface PluginDefinition<Api = unknown> extends PluginManifest {
  actions?: Record<string, ActionDef<any, any>>;
  triggers?: Record<string, TriggerDef>;
  enrichers?: Record<string, EnricherDef>;
  components?: Record<string, ComponentDef>;
  /** Channel adapter (see ChannelAdapter). */
  channel?: import('./channel.js').ChannelAdapter;
  healthCheck?: (ctx: ActionContext) => HealthResult | Promise<HealthResult>;
  testConnection?: (ctx: ActionContext) => HealthResult | Promise<HealthResult>;
  /** Trusted tier: the host services `init` reads from `ctx.services` (e.g. `['realtime', 'rateLimits']`). */
  services?: readonly PluginServiceName[];
  /**
   * Trusted tier: builds what the plugin serves (a browser app) before the host starts, under
   * `npm start` (when stale) and `npm run build:ui` (`force`). Returns what it built, for the log.
   */
  prepare?: (opts: { force: boolean; out: (line: string) => void }) => Promise<string[]>;
  /** Trusted tier: operator commands by name, run as `npm run bacon -- <id>:<name>` (see PluginCommand). */
  commands?: Record<string, PluginCommand>;
  /** Trusted tier: runs once at boot, in dependency order; may return an API for dependents. */
  init?: (ctx: TrustedPluginContext) => Api | Promise<Api>;
  /** Per tenant, when an admin enables the plugin (test connection, register webhooks). */
  activate?: (ctx: ActionContext) => void | Promise<void>;
  deactivate?: (ctx: ActionContext) => void | Promise<void>;
  /** At shutdown, in reverse order. */
  shutdown?: () => void | Promise<void>;
}

export const SDK_VERSION = '1.0.0';

/** Declares a plugin. Returns the definition unchanged, typed. */
export function definePlugin<Api = unknown>(def: PluginDefinition<Api>): PluginDefinition<Api> {
  return def;
}
