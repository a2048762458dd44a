import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';
import type { WebSocketConstructor } from '../../src/socket-client.js';

/**
 * The browser's WebSocket, for Node 20 (which has none without a flag): the `ws` package's, with
 * its `error` events swallowed as a browser does (a refused dial is followed by `close`, which the
 * client handles).
 */
export const TestWebSocket = class extends WebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => undefined);
  }
} as unknown as WebSocketConstructor;

export interface TestSocketServer {
  url: string;
  io: Server;
  /** Handshake auth payloads in arrival order (refused ones too). */
  handshakes: Record<string, unknown>[];
  /** Sockets connected to `/widget` now. */
  sockets(): Socket[];
  close(): Promise<void>;
}

/**
 * A socket.io v4 server on loopback with a `/widget` namespace that checks the token as the host
 * does: `expired` is refused with `data.code = 'unauthorized'`, `busy` with no code (a host still
 * starting), anything else is let in.
 */
export async function startSocketServer(
  opts: { pingInterval?: number; pingTimeout?: number; port?: number } = {},
): Promise<TestSocketServer> {
  const { port = 0, ...engine } = opts;
  const server = http.createServer();
  const io = new Server(server, { transports: ['websocket'], ...engine });
  const handshakes: Record<string, unknown>[] = [];
  const nsp = io.of('/widget');
  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    handshakes.push(auth);
    if (auth.token === 'expired') return next(Object.assign(new Error('Authentication required.'), { data: { code: 'unauthorized' } }));
    if (auth.token === 'busy') return next(new Error('Not now.'));
    next();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    io,
    handshakes,
    sockets: () => [...nsp.sockets.values()],
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

/**
 * A bare WebSocket server speaking Engine.IO by hand: it opens with the given ping figures, lets
 * every namespace in, then does only what the test tells it (`frames` is what each connection sent).
 */
export async function startRawServer(open: { pingInterval: number; pingTimeout: number }) {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  const connections: { ws: WebSocket; url: string; frames: string[] }[] = [];
  wss.on('connection', (ws, req) => {
    const conn = { ws, url: req.url ?? '', frames: [] as string[] };
    connections.push(conn);
    ws.on('message', (data) => {
      const text = String(data);
      conn.frames.push(text);
      if (text.startsWith('40/widget,')) ws.send('40/widget,{"sid":"s1"}');
    });
    ws.send(`0${JSON.stringify({ sid: `e${connections.length}`, upgrades: [], maxPayload: 1e6, ...open })}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => server.close(() => r())));
    },
  };
}
