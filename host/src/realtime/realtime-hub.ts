import type { Namespace, Server, Socket } from 'socket.io';
import type { RealtimeAudience, RealtimeClientHandler, RealtimeEnvelope, RealtimePrincipal } from '@bacon/sdk';
import type { Logger } from '../logs/logger.js';
import { parseRoom, rooms } from './rooms.js';
import { RoomRegistry } from './room-registry.js';
import { hasDrained, isSlowConsumer, type BackpressureLimits } from './backpressure.js';
import { RealtimeErrors, toAck, type Ack } from './realtime-errors.js';

export type AgentPrincipal = Extract<RealtimePrincipal, { kind: 'agent' }>;
export type VisitorPrincipal = Extract<RealtimePrincipal, { kind: 'visitor' }>;

/** Verifies the handshake token of each namespace; throws to refuse the connection. */
export interface SocketAuthenticator {
  agent(token: string): Promise<AgentPrincipal>;
  visitor(token: string, origin?: string): Promise<VisitorPrincipal>;
}

export interface HubOptions {
  backpressure: BackpressureLimits;
  /** Most events one `room:join` or one room of a `sync` answers (the rest: `more`). */
  catchUpLimit: number;
  /** Most rooms one `sync` may name. */
  maxSyncRooms: number;
}

interface SocketData {
  principal: RealtimePrincipal;
  /** Slow consumer: left its rooms until it drains and syncs. */
  catchUp?: boolean;
}

/**
 * The two namespaces and everything that happens on them: handshake auth, plugin rooms, catch-up
 * from the plugins' sources, ephemeral client events, delivery with backpressure.
 */
export class RealtimeHub {
  readonly agents: Namespace;
  readonly widgets: Namespace;
  /** Room kinds, catch-up sources and projections, as plugins registered them. */
  readonly registry: RoomRegistry;
  private readonly handlers = { agent: new Map<string, RealtimeClientHandler>(), widget: new Map<string, RealtimeClientHandler>() };
  private readonly catchingUp = new Set<Socket>();
  private drainTimer?: NodeJS.Timeout;
  /** Counters for metrics and tests. */
  readonly stats = { slowConsumers: 0, syncRequired: 0, delivered: 0 };
  /** Called on each slow consumer and each sync_required broadcast (metrics). */
  onStat?: (stat: 'slowConsumers' | 'syncRequired') => void;

  constructor(
    readonly io: Server,
    private readonly auth: SocketAuthenticator,
    private readonly log: Logger,
    private readonly opts: HubOptions,
  ) {
    this.registry = new RoomRegistry(log);
    this.agents = io.of('/agent');
    this.widgets = io.of('/widget');
    this.agents.use(this.handshake((t) => this.auth.agent(t)));
    this.widgets.use(this.handshake((t, origin) => this.auth.visitor(t, origin)));
    this.agents.on('connection', (s) => this.onConnection(s, 'agent'));
    this.widgets.on('connection', (s) => this.onConnection(s, 'widget'));
  }

  on(audience: RealtimeAudience, event: string, handler: RealtimeClientHandler): void {
    if (RESERVED.has(event)) throw new Error(`realtime: "${event}" is a reserved event; its handling is the host's`);
    this.handlers[audience].set(event, handler);
  }

  /**
   * A durable event from the bus, delivered to this host's sockets only: every host hears every
   * bus event, so each emits locally and nothing is fanned out twice.
   */
  deliver(envelope: RealtimeEnvelope): void {
    const room = envelope.room;
    const forAgents = this.registry.view('agent', envelope);
    if (forAgents)
      this.emitLocal(
        this.agents,
        room ? [rooms.tenant(envelope.tenantId), rooms.room(room)] : [rooms.tenant(envelope.tenantId)],
        forAgents,
      );
    if (!room) return;
    const forWidgets = this.registry.view('widget', envelope);
    if (forWidgets) this.emitLocal(this.widgets, [rooms.room(room)], forWidgets);
  }

  /** An ephemeral event to a room's followers on every host (through the adapter). */
  emitEphemeral(
    envelope: Omit<RealtimeEnvelope, 'at'> & { room: string },
    to: { agents?: boolean; widget?: boolean },
    except?: string,
  ): void {
    const full: RealtimeEnvelope = { ...envelope, at: new Date().toISOString() };
    const room = rooms.room(envelope.room);
    if (to.agents) (except ? this.agents.to(room).except(except) : this.agents.to(room)).emit('event', full);
    if (to.widget) (except ? this.widgets.to(room).except(except) : this.widgets.to(room)).emit('event', full);
  }

  /** Tells every local socket to sync (e.g. after a Redis outage, when bus events may have been lost). */
  requireSync(reason: string): void {
    this.stats.syncRequired++;
    this.onStat?.('syncRequired');
    this.agents.local.emit('sync_required', { reason });
    this.widgets.local.emit('sync_required', { reason });
  }

  close(): void {
    clearInterval(this.drainTimer);
    this.catchingUp.clear();
  }

  private emitLocal(nsp: Namespace, targets: string[], envelope: RealtimeEnvelope): void {
    for (const room of targets) {
      const ids = nsp.adapter.rooms.get(room);
      if (!ids) continue;
      for (const id of ids) {
        const socket = nsp.sockets.get(id);
        if (socket && isSlowConsumer(socket, this.opts.backpressure)) this.toCatchUp(socket);
      }
    }
    this.stats.delivered++;
    nsp.local.to(targets).emit('event', envelope);
  }

  /** Stops sending to a slow socket: it leaves its rooms; once drained it is told to sync. */
  private toCatchUp(socket: Socket): void {
    const data = socket.data as SocketData;
    if (data.catchUp) return;
    data.catchUp = true;
    this.stats.slowConsumers++;
    this.onStat?.('slowConsumers');
    for (const room of [...socket.rooms]) if (room !== socket.id) socket.leave(room);
    this.catchingUp.add(socket);
    this.log.warn({ socket: socket.id, nsp: socket.nsp.name }, 'realtime: slow consumer; switched to catch-up mode');
    this.drainTimer ??= setInterval(() => this.checkDrained(), 200);
    this.drainTimer.unref();
  }

  private checkDrained(): void {
    for (const socket of this.catchingUp) {
      if (!socket.connected) {
        this.catchingUp.delete(socket);
        continue;
      }
      if (!hasDrained(socket, this.opts.backpressure)) continue;
      this.catchingUp.delete(socket);
      this.joinPrincipalRooms(socket);
      socket.emit('sync_required', { reason: 'slow_consumer' });
    }
    if (!this.catchingUp.size) {
      clearInterval(this.drainTimer);
      this.drainTimer = undefined;
    }
  }

  private handshake<P extends RealtimePrincipal>(verify: (token: string, origin?: string) => Promise<P>) {
    return (socket: Socket, next: (err?: Error) => void) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(refused());
      verify(token, socket.handshake.headers.origin).then(
        (principal) => {
          (socket.data as SocketData).principal = principal;
          next();
        },
        () => next(refused()),
      );
    };
  }

  private joinPrincipalRooms(socket: Socket): void {
    const p = (socket.data as SocketData).principal;
    if (p.kind === 'agent') socket.join([rooms.tenant(p.tenantId), rooms.user(p.userId)]);
    else socket.join(rooms.visitor(p.visitorId));
  }

  private onConnection(socket: Socket, audience: RealtimeAudience): void {
    this.joinPrincipalRooms(socket);
    socket.on('room:join', (data: unknown, ack?: unknown) => this.answer(ack, () => this.join(socket, data)));
    socket.on('room:leave', (data: unknown, ack?: unknown) =>
      this.answer(ack, async () => {
        socket.leave(rooms.room(roomOf(data).name));
        return {};
      }),
    );
    socket.on('sync', (data: unknown, ack?: unknown) => this.answer(ack, () => this.sync(socket, data)));
    socket.on('typing', (data: unknown, ack?: unknown) => this.answer(ack, () => this.relay(socket, audience, 'typing', data)));
    socket.on('read', (data: unknown, ack?: unknown) => this.answer(ack, () => this.relay(socket, audience, 'read', data)));
    for (const [event, handler] of this.handlers[audience]) {
      if (event === 'typing' || event === 'read') continue;
      socket.on(event, (data: unknown, ack?: unknown) =>
        this.answer(ack, async () => ({ value: await handler((socket.data as SocketData).principal, objectOf(data)) })),
      );
    }
    socket.on('disconnect', () => this.catchingUp.delete(socket));
  }

  private async answer(ack: unknown, fn: () => Promise<Record<string, unknown>>): Promise<void> {
    let reply: Ack;
    try {
      reply = { ok: true, ...(await fn()) };
    } catch (err) {
      reply = toAck(err, this.log);
    }
    if (typeof ack === 'function') ack(reply);
  }

  private missed(principal: RealtimePrincipal, room: Room, afterSeq: number): Promise<{ events: RealtimeEnvelope[]; more: boolean }> {
    const audience = principal.kind === 'agent' ? 'agent' : 'widget';
    return this.registry.missed({
      tenantId: principal.tenantId,
      room: room.name,
      kind: room.kind,
      id: room.id,
      afterSeq,
      audience,
      limit: this.opts.catchUpLimit,
    });
  }

  private async join(socket: Socket, data: unknown): Promise<Record<string, unknown>> {
    const principal = (socket.data as SocketData).principal;
    const room = roomOf(data);
    const afterSeq = seqOf(objectOf(data).afterSeq);
    if (!(await this.registry.mayFollow(principal, room.kind, room.id))) throw RealtimeErrors.notFound();
    // Join first, then read: an event committed in between arrives twice (clients drop seqs they
    // have) rather than not at all.
    socket.join(rooms.room(room.name));
    if (afterSeq === undefined) return { events: [], more: false };
    return this.missed(principal, room, afterSeq);
  }

  private async sync(socket: Socket, data: unknown): Promise<Record<string, unknown>> {
    const principal = (socket.data as SocketData).principal;
    const wanted = objectOf(objectOf(data).rooms);
    const names = Object.keys(wanted);
    if (names.length > this.opts.maxSyncRooms)
      throw RealtimeErrors.invalid({ field: 'rooms', message: `at most ${this.opts.maxSyncRooms} rooms per sync` });
    const answered: Record<string, { events: RealtimeEnvelope[]; more: boolean }> = {};
    const denied: string[] = [];
    for (const name of names) {
      const room = roomOf({ room: name }, `rooms/${name}`);
      const afterSeq = seqOf(wanted[name]);
      if (afterSeq === undefined)
        throw RealtimeErrors.invalid({ field: `rooms/${name}`, message: 'must be a sequence number (integer >= 0)' });
      if (!(await this.registry.mayFollow(principal, room.kind, room.id))) {
        denied.push(name);
        continue;
      }
      socket.join(rooms.room(name));
      answered[name] = await this.missed(principal, room, afterSeq);
    }
    (socket.data as SocketData).catchUp = false;
    return { rooms: answered, denied };
  }

  /** `typing` and `read`: only about a room the socket follows; relayed to the other side as `<kind>.typing`. */
  private async relay(
    socket: Socket,
    audience: RealtimeAudience,
    event: 'typing' | 'read',
    data: unknown,
  ): Promise<Record<string, unknown>> {
    const principal = (socket.data as SocketData).principal;
    const body = objectOf(data);
    const room = roomOf(body);
    if (!socket.rooms.has(rooms.room(room.name))) throw RealtimeErrors.notJoined();
    let payload: Record<string, unknown>;
    if (event === 'typing') {
      if (typeof body.typing !== 'boolean') throw RealtimeErrors.invalid({ field: 'typing', message: 'must be boolean' });
      payload = { typing: body.typing };
    } else {
      const seq = seqOf(body.seq);
      if (seq === undefined) throw RealtimeErrors.invalid({ field: 'seq', message: 'must be a sequence number (integer >= 0)' });
      payload = { seq };
    }
    const handler = this.handlers[audience].get(event);
    const value = handler ? await handler(principal, { ...body, room: room.name, roomId: room.id }) : undefined;
    payload.by = principal.kind === 'agent' ? { kind: 'agent', id: principal.userId } : { kind: 'visitor' };
    this.emitEphemeral(
      { topic: `${room.kind}.${event}`, tenantId: principal.tenantId, room: room.name, payload },
      // Agents see each other typing too; visitors only hear agents.
      audience === 'agent' ? { agents: true, widget: true } : { agents: true },
      socket.id,
    );
    return value === undefined ? {} : { value };
  }
}

interface Room {
  name: string;
  kind: string;
  id: string;
}

const RESERVED = new Set(['room:join', 'room:leave', 'sync', 'disconnect', 'connect', 'error']);

function objectOf(data: unknown): Record<string, unknown> {
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

function roomOf(data: unknown, field = 'room'): Room {
  const name = objectOf(data).room;
  const parsed = parseRoom(name);
  if (!parsed) throw RealtimeErrors.invalid({ field, message: 'required: a room name, <kind>:<id>' });
  return { name: name as string, ...parsed };
}

function seqOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** A refused handshake: the client's `connect_error` carries `data.code`. */
function refused(): Error {
  return Object.assign(RealtimeErrors.unauthorized(), { data: { code: 'unauthorized' } });
}
