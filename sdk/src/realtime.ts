/**
 * Realtime: the host's socket.io transport (namespaces `/agent` and `/widget`), as a trusted plugin
 * sees it. The host routes bus events to sockets; plugins say where missed events come from (the
 * database), who may join which conversation, what a widget may see, and handle client events.
 */
import type { PluginRoutes } from './http.js';

/** What every socket receives, under the one event name `event`. */
export interface RealtimeEnvelope<P = unknown> {
  topic: string;
  tenantId: string;
  conversationId?: string;
  /** The conversation's sequence number; clients keep the highest they saw, per conversation. */
  seq?: number;
  payload: P;
  /** ISO timestamp. */
  at: string;
}

/** The authenticated owner of a socket. */
export type RealtimePrincipal =
  | { kind: 'agent'; tenantId: string; userId: string; role: 'admin' | 'agent' }
  | { kind: 'visitor'; tenantId: string; visitorId: string; siteKey: string; identity?: { userId: string; verified: boolean } };

export type RealtimeAudience = 'agent' | 'widget';

/** Reads what a client missed, from the database, in sequence order (oldest first). */
export type RealtimeSyncSource = (query: {
  tenantId: string;
  conversationId: string;
  afterSeq: number;
  audience: RealtimeAudience;
  limit: number;
}) => Promise<RealtimeEnvelope[]>;

/** Whether `principal` may follow `conversationId` (its tenant is already checked by the host). */
export type RealtimeAuthorizer = (principal: RealtimePrincipal, conversationId: string) => boolean | Promise<boolean>;

/**
 * Maps a bus event to what a widget may see, or `undefined` to keep it from widgets. Without a
 * projection no bus event reaches a widget socket.
 */
export type WidgetProjection = (event: RealtimeEnvelope) => RealtimeEnvelope | undefined;

/** A client event (`typing`, `read`, or a plugin's own) and its acknowledgement value. */
export type RealtimeClientHandler = (principal: RealtimePrincipal, data: Record<string, unknown>) => unknown | Promise<unknown>;

/** `ctx.realtime` of a trusted plugin. */
export interface PluginRealtime {
  /** Where `conversation:join` and `sync` read missed events. One source per host. */
  setSyncSource(source: RealtimeSyncSource): void;
  /** Who may join a conversation's room. One authorizer per host; without one, only agents may. */
  authorizeConversation(authorizer: RealtimeAuthorizer): void;
  /** What widgets see of bus events (default: nothing). */
  projectForWidget(projection: WidgetProjection): void;
  /** Handles a client event from `/widget` sockets; the handler's result is the ack. */
  onWidget(event: string, handler: RealtimeClientHandler): void;
  /** Handles a client event from `/agent` sockets. */
  onAgent(event: string, handler: RealtimeClientHandler): void;
  /**
   * Sends an ephemeral event (typing, read receipt) to a conversation's followers on every host.
   * Durable events go through the bus instead (they carry a sequence number and are replayed).
   */
  emitEphemeral(envelope: Omit<RealtimeEnvelope, 'at'> & { conversationId: string }, to: { agents?: boolean; widget?: boolean }): void;
  /**
   * Routes under `/widget/v1` (the public widget API), for trusted plugins. Cross-origin calls get
   * CORS for origins a site key lists; `visitor` routes take the visitor token that
   * `POST /widget/v1/session` issues (site key, origin and identity checked by the host).
   */
  widgetRoutes(owner: string): PluginRoutes;
  /**
   * Takes one point of a widget rate limit: `widgetSite` and `widgetIp` (new sessions and
   * conversations; keys: the site key, `siteKey:ip`) or `widgetMessage` (per visitor). Throws a 429
   * with `Retry-After` when none is left.
   */
  consume(limit: 'widgetSite' | 'widgetIp' | 'widgetMessage', key: string): Promise<void>;
}
