import { io, type Socket } from 'socket.io-client';
import type { Envelope, PublicMessage } from './types.js';

/** The host room a conversation's events go to. */
const room = (conversationId: string) => `conversation:${conversationId}`;

export interface TransportEvents {
  /** Messages in sequence order, each exactly once (live, or caught up after a gap or reconnect). */
  messages(list: PublicMessage[]): void;
  typing(typing: boolean): void;
  state(state: string): void;
  /** The team's delivered / seen marks moved. */
  receipts(r: { deliveredSeq: number; seenSeq: number }): void;
  /** The token was refused: open a new session. */
  unauthorized(): void;
}

/** Redial delays: doubling from `BASE_MS` up to `MAX_MS`, each drawn in [half, whole] so a host's visitors do not all return at once. */
const BASE_MS = 500;
const MAX_MS = 15_000;

/** The delay before redial number `attempt` (0 first): capped exponential backoff with jitter. */
export function redialDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The `/widget` socket: follows one conversation, keeps the highest sequence number it delivered,
 * and whenever it may have missed something (reconnect, a gap, `sync_required`) asks the host for
 * everything after that number. WebSocket first, long-polling when WebSockets are blocked.
 *
 * It stays connected whatever ended the connection: socket.io redials a dropped transport by
 * itself, but not a disconnect the server sent (`io server disconnect`, what a host does when it
 * stops) nor a handshake the server refused; those redial here, with the same backoff. Only a
 * refused token stops it: `unauthorized()` opens a new session, which connects again.
 */
export class WidgetTransport {
  private socket?: Socket;
  private conversationId?: string;
  private syncing = false;
  private again = false;
  private attempts = 0;
  private redialTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly base: string,
    private readonly on: TransportEvents,
    public lastSeq = 0,
  ) {}

  connect(token: string): void {
    this.close();
    const socket = io(`${this.base}/widget`, {
      auth: { token },
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: false,
      reconnectionDelay: BASE_MS,
      reconnectionDelayMax: MAX_MS,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.attempts = 0;
      void this.sync();
    });
    socket.on('sync_required', () => void this.sync());
    socket.on('event', (e: Envelope) => this.onEvent(e));
    socket.on('disconnect', () => this.redialIfIdle(socket));
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code === 'unauthorized') {
        socket.close();
        this.on.unauthorized();
        return;
      }
      this.redialIfIdle(socket);
    });
  }

  /** socket.io redials on its own while `active`; when it gave up (the server ended it), redial after a backoff. */
  private redialIfIdle(socket: Socket): void {
    // Deferred: socket.io decides whether it reconnects itself after the event's listeners ran.
    queueMicrotask(() => {
      if (socket !== this.socket || socket.active || this.redialTimer) return;
      this.redialTimer = setTimeout(() => {
        this.redialTimer = undefined;
        if (socket === this.socket && !socket.connected && !socket.active) socket.connect();
      }, redialDelay(this.attempts++));
    });
  }

  follow(conversationId: string, lastSeq: number): void {
    this.conversationId = conversationId;
    this.lastSeq = lastSeq;
    void this.sync();
  }

  typing(typing: boolean): void {
    if (this.conversationId && this.socket?.connected) this.socket.emit('typing', { room: room(this.conversationId), typing });
  }

  read(seq: number): void {
    if (this.conversationId && this.socket?.connected) this.socket.emit('read', { room: room(this.conversationId), seq });
  }

  close(): void {
    clearTimeout(this.redialTimer);
    this.redialTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  /** Stops following the conversation (a new session cannot see it). */
  unfollow(): void {
    this.conversationId = undefined;
    this.lastSeq = 0;
  }

  private onEvent(e: Envelope): void {
    if (!this.conversationId || e.room !== room(this.conversationId)) return;
    if (e.topic === 'message.created' && typeof e.seq === 'number') {
      if (e.seq <= this.lastSeq) return;
      if (e.seq > this.lastSeq + 1) return void this.sync();
      this.lastSeq = e.seq;
      this.on.messages([e.payload.message as PublicMessage]);
    } else if (e.topic === 'conversation.typing') {
      this.on.typing(e.payload.typing === true);
    } else if (e.topic === 'conversation.receipts') {
      this.on.receipts(e.payload as { deliveredSeq: number; seenSeq: number });
    } else if (e.topic === 'conversation.state') {
      this.on.state(String(e.payload.state));
    }
  }

  /** Joins the conversation's room and takes what came after `lastSeq`, page by page. */
  private async sync(): Promise<void> {
    const socket = this.socket;
    const cid = this.conversationId;
    if (!socket?.connected || !cid) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    try {
      for (let more = true; more;) {
        const ack = (await socket.timeout(15_000).emitWithAck('room:join', { room: room(cid), afterSeq: this.lastSeq })) as {
          ok: boolean;
          events?: Envelope[];
          more?: boolean;
        };
        if (!ack.ok || cid !== this.conversationId) return;
        const fresh = (ack.events ?? []).filter((e) => typeof e.seq === 'number' && e.seq > this.lastSeq);
        if (fresh.length) {
          this.lastSeq = fresh[fresh.length - 1]!.seq!;
          this.on.messages(fresh.map((e) => e.payload.message as PublicMessage));
        }
        more = !!ack.more;
      }
    } catch {
      // Timed out or disconnected: the next connect syncs again.
    } finally {
      this.syncing = false;
      if (this.again) {
        this.again = false;
        void this.sync();
      }
    }
  }
}
