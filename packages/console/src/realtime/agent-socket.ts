import { io, type Socket } from 'socket.io-client';
import type { Session } from '../api/session.js';
import {
  conversationOf,
  conversationRoom,
  envelopes,
  eventKey,
  unfinished,
  type EventEnvelope,
  type TypingSignal,
} from './event-envelope.js';
import { SeqTracker } from './seq-tracker.js';

export type SocketStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

type EventListener = (e: EventEnvelope) => void;
type TypingListener = (t: TypingSignal) => void;
type StatusListener = (s: SocketStatus) => void;

/**
 * The agent's live connection (`/agent`). Every event passes through the sequence tracker, so a
 * conversation's events are applied once and in order; after a reconnect (or `sync_required`) the
 * client sends its last sequence numbers and applies what it missed.
 */
export class AgentSocket {
  readonly seqs = new SeqTracker();
  private socket: Socket | undefined;
  private events = new Set<EventListener>();
  private typings = new Set<TypingListener>();
  private statuses = new Set<StatusListener>();
  private joined = new Set<string>();
  private everConnected = false;
  status: SocketStatus = 'disconnected';

  constructor(
    private readonly session: Session,
    private readonly url = '/agent',
  ) {}

  connect(): void {
    if (this.socket) return;
    this.setStatus('connecting');
    const socket = io(this.url, {
      auth: (cb) => cb({ token: this.session.accessToken }),
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setStatus('connected');
      if (this.everConnected) this.resync();
      else for (const id of this.joined) this.emitJoin(id);
      this.everConnected = true;
    });
    socket.on('connect', () => (this.redials = 0));
    socket.on('disconnect', () => {
      // The server closed us (a host stopping, a token expired or revoked): socket.io does not
      // redial that by itself, so renew the token and dial again, after a backoff.
      if (socket === this.socket && !socket.active) this.redialLater();
      this.setStatus('reconnecting');
    });
    socket.on('connect_error', () => {
      this.setStatus(this.everConnected ? 'reconnecting' : 'connecting');
      // A handshake the server refused (a token, or a host still starting) is not redialled either.
      if (socket === this.socket && !socket.active) this.redialLater();
    });
    socket.on('event', (e: EventEnvelope) => this.dispatch(e));
    // The server may have lost events (Redis outage, slow consumer): catch up, and let the lists
    // reload by hearing "connected" again.
    socket.on('sync_required', () => {
      this.resync();
      this.setStatus('connected');
    });
  }

  private redials = 0;
  private redialTimer: ReturnType<typeof setTimeout> | undefined;

  /** Redials after a capped exponential backoff with jitter (0.25 s doubling to 10 s, drawn in [half, whole]). */
  private redialLater(): void {
    if (this.redialTimer) return;
    const ceiling = Math.min(10_000, 250 * 2 ** Math.min(this.redials++, 16));
    this.redialTimer = setTimeout(
      () => {
        this.redialTimer = undefined;
        void this.redial();
      },
      ceiling / 2 + (Math.random() * ceiling) / 2,
    );
  }

  private async redial(): Promise<void> {
    const ok = await this.session.refresh().catch(() => true);
    if (ok && this.socket && !this.socket.connected) this.socket.connect();
  }

  disconnect(): void {
    clearTimeout(this.redialTimer);
    this.redialTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.disconnect();
    this.everConnected = false;
    this.setStatus('disconnected');
  }

  private setStatus(s: SocketStatus): void {
    this.status = s;
    this.statuses.forEach((fn) => fn(s));
  }

  private dispatch(e: EventEnvelope): void {
    const id = conversationOf(e);
    if (e.topic.endsWith('.typing')) {
      // Ephemeral: no sequence number, never replayed.
      const p = e.payload as { typing?: boolean; by?: { kind?: string; id?: string } };
      if (id)
        this.typings.forEach((fn) =>
          fn({ conversationId: id, who: p.by?.kind === 'agent' ? 'agent' : 'contact', agentId: p.by?.id, typing: p.typing !== false }),
        );
      return;
    }
    if (!this.seqs.accept(id, e.seq, eventKey(e))) return;
    this.events.forEach((fn) => fn(e));
  }

  /**
   * Asks for everything after our last numbers for the conversations open on screen; the ack
   * carries what was missed (oldest first). Queue lists reload themselves on reconnect.
   */
  resync(): void {
    if (!this.socket?.connected || !this.joined.size) return;
    const rooms = Object.fromEntries(Object.entries(this.seqs.snapshot(this.joined)).map(([id, seq]) => [conversationRoom(id), seq]));
    this.socket.emit('sync', { rooms }, (ack: unknown) => {
      envelopes(ack).forEach((e) => this.dispatch(e));
      unfinished(ack).forEach((id) => this.emitJoin(id));
    });
  }

  private emitJoin(conversationId: string): void {
    this.socket?.emit(
      'room:join',
      { room: conversationRoom(conversationId), afterSeq: this.seqs.lastSeq(conversationId) },
      (ack: unknown) => {
        envelopes(ack).forEach((e) => this.dispatch(e));
        if ((ack as { more?: boolean } | undefined)?.more) this.emitJoin(conversationId);
      },
    );
  }

  /** Follows one conversation's transcript from `afterSeq` on (missed events come with the ack). */
  join(conversationId: string, afterSeq: number): void {
    this.seqs.observe(conversationId, afterSeq);
    this.joined.add(conversationId);
    if (this.socket?.connected) this.emitJoin(conversationId);
  }

  leave(conversationId: string): void {
    this.joined.delete(conversationId);
    this.socket?.emit('room:leave', { room: conversationRoom(conversationId) });
  }

  typing(conversationId: string, typing: boolean): void {
    this.socket?.emit('typing', { room: conversationRoom(conversationId), typing });
  }

  onEvent(fn: EventListener): () => void {
    this.events.add(fn);
    return () => this.events.delete(fn);
  }
  onTyping(fn: TypingListener): () => void {
    this.typings.add(fn);
    return () => this.typings.delete(fn);
  }
  onStatus(fn: StatusListener): () => void {
    this.statuses.add(fn);
    return () => this.statuses.delete(fn);
  }
}
