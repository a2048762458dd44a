import { SocketClient, type WebSocketConstructor } from './socket-client.js';
import type { Envelope, PublicMessage } from './types.js';

export { redialDelay } from './socket-client.js';

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

/**
 * The `/widget` socket: follows one conversation, keeps the highest sequence number it delivered,
 * and whenever it may have missed something (reconnect, a gap, `sync_required`) asks the host for
 * everything after that number. WebSocket only (see `SocketClient`).
 *
 * It stays connected whatever ended the connection (a drop, a host that stopped, a handshake the
 * host refused while starting): the client redials with a capped, jittered backoff. Only a refused
 * token stops it: `unauthorized()` opens a new session, which connects again with the new token.
 */
export class WidgetTransport {
  private socket?: SocketClient;
  private conversationId?: string;
  private syncing = false;
  private again = false;

  constructor(
    private readonly base: string,
    private readonly on: TransportEvents,
    public lastSeq = 0,
    /** The WebSocket class (the browser's; tests pass another). */
    private readonly Socket?: WebSocketConstructor,
  ) {}

  connect(token: string): void {
    this.close();
    const socket: SocketClient = new SocketClient(
      this.base,
      '/widget',
      () => ({ token }),
      {
        connect: () => void this.sync(),
        event: (name, [data]) => {
          if (name === 'event') this.onEvent(data as Envelope);
          else if (name === 'sync_required') void this.sync();
        },
        refused: (_message, data) => {
          if ((data as { code?: string } | undefined)?.code !== 'unauthorized' || socket !== this.socket) return;
          this.close();
          this.on.unauthorized();
        },
      },
      this.Socket,
    );
    this.socket = socket;
  }

  follow(conversationId: string, lastSeq: number): void {
    this.conversationId = conversationId;
    this.lastSeq = lastSeq;
    void this.sync();
  }

  typing(typing: boolean): void {
    if (this.conversationId) this.socket?.emit('typing', { room: room(this.conversationId), typing });
  }

  read(seq: number): void {
    if (this.conversationId) this.socket?.emit('read', { room: room(this.conversationId), seq });
  }

  close(): void {
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
        const ack = (await socket.request('room:join', { room: room(cid), afterSeq: this.lastSeq }, 15_000)) as {
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
