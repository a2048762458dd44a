/**
 * A small client of the socket.io protocol (v5) over Engine.IO v4's WebSocket transport, for one
 * namespace: what the widget needs of socket.io-client in a fraction of its size. The host's
 * socket.io server is the other end. No long-polling: a browser without WebSockets (or behind a
 * proxy that refuses the upgrade) gets no live updates, only what the HTTP API answers.
 *
 * Engine.IO frames are `<type><data>`: open `0{sid,pingInterval,pingTimeout,...}`, close `1`,
 * ping `2` (answered with pong `3`), message `4<socket.io packet>`. A socket.io packet is
 * `<type>[<namespace>,][<ack id>][<JSON>]`: CONNECT `0` (with the auth payload), DISCONNECT `1`,
 * EVENT `2` (`[name, ...args]`), ACK `3` (`[...args]`), CONNECT_ERROR `4` (`{message, data}`).
 */

export const CONNECT = 0;
export const DISCONNECT = 1;
export const EVENT = 2;
export const ACK = 3;
export const CONNECT_ERROR = 4;

export interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

/** A socket.io packet as text (the Engine.IO message prefix not included). */
export function encodePacket(p: Packet): string {
  return `${p.type}${p.nsp === '/' ? '' : `${p.nsp},`}${p.id ?? ''}${p.data === undefined ? '' : JSON.stringify(p.data)}`;
}

/**
 * A socket.io packet from text, or undefined when it is not one this client understands: binary
 * packets (the host sends none to widgets), bad JSON, or a payload of the wrong shape for its type.
 */
export function decodePacket(text: string): Packet | undefined {
  const m = /^([0-4])(?:(\/[^,]*),)?(\d*)(.*)$/s.exec(text);
  if (!m) return undefined;
  const type = Number(m[1]);
  let data: unknown;
  try {
    data = m[4] ? JSON.parse(m[4]) : undefined;
  } catch {
    return undefined;
  }
  const isArray = Array.isArray(data);
  const ok =
    type === EVENT
      ? isArray && typeof (data as unknown[])[0] === 'string'
      : type === ACK
        ? isArray && !!m[3]
        : type === DISCONNECT || (!!data && typeof data === 'object' && !isArray);
  return ok ? { type, nsp: m[2] ?? '/', id: m[3] ? Number(m[3]) : undefined, data } : undefined;
}

/** Redial delays: doubling from `BASE_MS` up to `MAX_MS`, each drawn in [half, whole] so a host's visitors do not all return at once. */
const BASE_MS = 500;
const MAX_MS = 15_000;

/** The delay before redial number `attempt` (0 first): capped exponential backoff with jitter. */
export function redialDelay(attempt: number, random = Math.random): number {
  const ceiling = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How long a dial may take to reach the namespace before it is given up and redialled. */
const CONNECT_TIMEOUT_MS = 20_000;

export interface SocketEvents {
  /** Connected to the namespace (first time and after each redial). */
  connect(): void;
  /** An event the server emitted. */
  event(name: string, args: unknown[]): void;
  /** The server refused the namespace handshake (`connect_error`): `data` as the server's middleware set it. The client redials unless closed. */
  refused(message: string, data: unknown): void;
}

/** What the client needs of a WebSocket (the browser's; tests pass the `ws` package's). */
export type WebSocketLike = Pick<WebSocket, 'send' | 'close' | 'onmessage' | 'onclose'>;
export type WebSocketConstructor = new (url: string) => WebSocketLike;

interface PendingAck {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * One namespace over one WebSocket, kept up until `close()`: whatever ends a connection (the
 * socket dropped, the server disconnected the namespace or refused the handshake, no ping within
 * `pingInterval + pingTimeout`, no connection within 20 s) it redials after `redialDelay`, with the
 * auth payload read again. Emits are sent only while connected (no buffer: a caller that needs a
 * packet through asks again on `connect`); acks time out, and fail at once when the connection goes.
 */
export class SocketClient {
  connected = false;
  private ws?: WebSocketLike;
  private timer?: ReturnType<typeof setTimeout>;
  private redialTimer?: ReturnType<typeof setTimeout>;
  private attempts = 0;
  /** pingInterval + pingTimeout of the current connection: the longest wait for a ping. */
  private heartbeat = 0;
  private closed = false;
  private nextId = 0;
  private readonly acks = new Map<number, PendingAck>();

  /** `url`: the host's origin (http or https); `auth`: the CONNECT payload, read at each dial. */
  constructor(
    private readonly url: string,
    private readonly nsp: string,
    private readonly auth: () => Record<string, unknown>,
    private readonly on: SocketEvents,
    private readonly Socket: WebSocketConstructor = WebSocket,
  ) {
    this.dial();
  }

  /** Emits `name` with `args` if connected; returns whether it went out. */
  emit(name: string, ...args: unknown[]): boolean {
    return this.send({ type: EVENT, nsp: this.nsp, data: [name, ...args] });
  }

  /** Emits `name` with `data` and waits for the server's acknowledgement (its first argument). */
  request(name: string, data: unknown, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (!this.send({ type: EVENT, nsp: this.nsp, id, data: [name, data] })) return reject(new Error('disconnected'));
      const timer = setTimeout(() => this.settle(id, new Error('timeout')), timeoutMs);
      this.acks.set(id, { resolve, reject, timer });
    });
  }

  /** Disconnects for good (no redial). */
  close(): void {
    this.closed = true;
    clearTimeout(this.redialTimer);
    this.send({ type: DISCONNECT, nsp: this.nsp });
    this.drop();
  }

  private send(p: Packet): boolean {
    if (this.connected) this.ws!.send(`4${encodePacket(p)}`);
    return this.connected;
  }

  private settle(id: number, err?: Error, value?: unknown): void {
    const ack = this.acks.get(id);
    if (!ack) return;
    this.acks.delete(id);
    clearTimeout(ack.timer);
    if (err) ack.reject(err);
    else ack.resolve(value);
  }

  private dial(): void {
    const url = new URL('/socket.io/?EIO=4&transport=websocket', this.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws: WebSocketLike;
    try {
      ws = this.ws = new this.Socket(url.href);
    } catch {
      // A page policy (CSP) refusing the address: try again later, as for any failed dial.
      return this.lost();
    }
    this.watch(CONNECT_TIMEOUT_MS);
    ws.onmessage = (e) => {
      if (ws === this.ws) this.frame(String(e.data));
    };
    ws.onclose = () => {
      if (ws === this.ws) this.lost();
    };
  }

  /** Gives up on the connection when `ms` pass without a ping (or, while dialling, without the namespace). */
  private watch(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.lost(), ms);
  }

  private frame(text: string): void {
    const kind = text[0];
    if (kind === '0') {
      const open = parse(text.slice(1)) as { pingInterval?: unknown; pingTimeout?: unknown } | undefined;
      if (typeof open?.pingInterval !== 'number' || typeof open.pingTimeout !== 'number') return this.lost();
      this.heartbeat = open.pingInterval + open.pingTimeout;
      this.ws!.send(`4${encodePacket({ type: CONNECT, nsp: this.nsp, data: this.auth() })}`);
    } else if (kind === '2') {
      if (this.connected) this.watch(this.heartbeat);
      this.ws!.send('3');
    } else if (kind === '1') {
      this.lost();
    } else if (kind === '4') {
      const p = decodePacket(text.slice(1));
      if (!p) return this.lost();
      if (p.nsp === this.nsp) this.packet(p);
    }
  }

  private packet(p: Packet): void {
    if (p.type === CONNECT) {
      this.connected = true;
      this.attempts = 0;
      this.watch(this.heartbeat);
      this.on.connect();
    } else if (p.type === EVENT) {
      const [name, ...args] = p.data as [string, ...unknown[]];
      this.on.event(name, args);
    } else if (p.type === ACK) {
      this.settle(p.id!, undefined, (p.data as unknown[])[0]);
    } else if (p.type === CONNECT_ERROR) {
      const { message, data } = p.data as { message?: unknown; data?: unknown };
      this.drop();
      this.on.refused(String(message), data);
      this.redial();
    } else {
      this.lost();
    }
  }

  /** The connection ended without `close()`: drop it and redial. */
  private lost(): void {
    this.drop();
    this.redial();
  }

  private drop(): void {
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = undefined;
    this.connected = false;
    for (const id of [...this.acks.keys()]) this.settle(id, new Error('disconnected'));
    ws?.close();
  }

  private redial(): void {
    if (this.closed || this.redialTimer) return;
    this.redialTimer = setTimeout(() => {
      this.redialTimer = undefined;
      if (!this.closed) this.dial();
    }, redialDelay(this.attempts++));
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
