import { io, type Socket } from 'socket.io-client';
import type { Envelope, PublicMessage } from './types.js';

/** The host room a conversation's events go to. */
const room = (conversationId: string) => `conversation:${conversationId}`;

export interface TransportEvents {
  /** Messages in sequence order, each exactly once (live, or caught up after a gap or reconnect). */
  messages(list: PublicMessage[]): void;
  typing(typing: boolean): void;
  state(state: string): void;
  /** The token was refused: open a new session. */
  unauthorized(): void;
}

/**
 * The `/widget` socket: follows one conversation, keeps the highest sequence number it delivered,
 * and whenever it may have missed something (reconnect, a gap, `sync_required`) asks the host for
 * everything after that number. WebSocket first, long-polling when WebSockets are blocked.
 */
export class WidgetTransport {
  private socket?: Socket;
  private conversationId?: string;
  private syncing = false;
  private again = false;

  constructor(
    private readonly base: string,
    private readonly on: TransportEvents,
    public lastSeq = 0,
  ) {}

  connect(token: string): void {
    this.socket?.close();
    const socket = io(`${this.base}/widget`, { auth: { token }, transports: ['websocket', 'polling'], tryAllTransports: true, withCredentials: false });
    this.socket = socket;
    socket.on('connect', () => void this.sync());
    socket.on('sync_required', () => void this.sync());
    socket.on('event', (e: Envelope) => this.onEvent(e));
    socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code === 'unauthorized') {
        socket.close();
        this.on.unauthorized();
      }
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
    this.socket?.close();
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
      for (let more = true; more; ) {
        const ack = (await socket.timeout(15_000).emitWithAck('room:join', { room: room(cid), afterSeq: this.lastSeq })) as { ok: boolean; events?: Envelope[]; more?: boolean };
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
