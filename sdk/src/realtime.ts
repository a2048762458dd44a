/**
 * Realtime: the host's socket.io transport (namespaces `/agent` and `/widget`), as a trusted plugin
 * sees it. The host knows rooms, not what they hold: plugins declare room kinds (who may join
 * `<kind>:<id>`), add catch-up sources for them, say which bus events go to sockets and to which
 * room, what each audience sees of them, and handle client events.
 */
/** What every socket receives, under the one event name `event`. */
export interface RealtimeEnvelope<P = unknown> {
  topic: string;
  tenantId: string;
  /** The room the event belongs to (`conversation:<id>`), when it belongs to one. */
  room?: string;
  /** The room's sequence number; clients keep the highest they saw, per room. */
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

/** Reads what a client missed in one room, from the database, in sequence order (oldest first). */
export type RealtimeCatchUpSource = (query: {
  tenantId: string;
  /** The whole room name, `<kind>:<id>`. */
  room: string;
  /** The part after the kind. */
  id: string;
  afterSeq: number;
  audience: RealtimeAudience;
  limit: number;
}) => Promise<RealtimeEnvelope[]>;

/** Whether `principal` may follow room `<kind>:<id>` (its tenant is already checked by the host). */
export type RealtimeAuthorizer = (principal: RealtimePrincipal, id: string) => boolean | Promise<boolean>;

/** Maps an event to what an audience may see, or `undefined` to keep it from that audience. */
export type RealtimeProjection = (event: RealtimeEnvelope) => RealtimeEnvelope | undefined;

/** A bus event as the host hands it to a forward rule. */
export interface RealtimeBusEvent {
  topic: string;
  tenantId: string;
  seq?: number;
  payload: unknown;
  at: string;
}

/** Where a forwarded bus event goes: its room (agents of the tenant get it either way). */
export type RealtimeForward = (event: RealtimeBusEvent) => { room?: string } | undefined;

/** A client event (`typing`, `read`, or a plugin's own) and its acknowledgement value. */
export type RealtimeClientHandler = (principal: RealtimePrincipal, data: Record<string, unknown>) => unknown | Promise<unknown>;

/** `ctx.services.realtime` of a trusted plugin that declares `services: ['realtime']`. */
export interface PluginRealtime {
  /**
   * Declares a room kind: clients join `<kind>:<id>` with `room:join` when `authorize` says yes
   * (agents of the tenant only, without an authorizer). One plugin owns a kind.
   */
  roomKind(kind: string, opts?: { authorize?: RealtimeAuthorizer }): void;
  /**
   * Adds a source of missed events for rooms of `kind` (`room:join` with `afterSeq`, `sync`).
   * Several plugins may add several; their answers are merged in sequence order.
   */
  addCatchUpSource(kind: string, source: RealtimeCatchUpSource): void;
  /**
   * Forwards bus events matching `pattern` (`message.*`) to sockets: every agent of the tenant,
   * and the followers of the room `route` names (widgets through their projection only).
   */
  forward(pattern: string, route: RealtimeForward): void;
  /**
   * What `audience` sees of events whose topic starts with `topicPrefix` (the longest registered
   * prefix wins). Agents see events as they are without one; widgets see nothing without one.
   */
  project(audience: RealtimeAudience, topicPrefix: string, projection: RealtimeProjection): void;
  /** Handles a client event from `/widget` sockets; the handler's result is the ack. */
  onWidget(event: string, handler: RealtimeClientHandler): void;
  /** Handles a client event from `/agent` sockets. */
  onAgent(event: string, handler: RealtimeClientHandler): void;
  /**
   * Sends an ephemeral event (typing, read receipt) to a room's followers on every host. Durable
   * events go through the bus instead (they carry a sequence number and are replayed).
   */
  emitEphemeral(envelope: Omit<RealtimeEnvelope, 'at'> & { room: string }, to: { agents?: boolean; widget?: boolean }): void;
}
