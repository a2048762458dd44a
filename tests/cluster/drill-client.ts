// What the cluster drills drive: an admin, visitors sending widget messages through chosen hosts,
// and an agent socket that keeps, per conversation, what it heard live and what it caught up on.
import { io, type Socket } from 'socket.io-client';
import { ADMIN } from './cluster-host.js';

export const ORIGIN = 'http://drill.test.local';

export async function call(
  url: string,
  method: 'GET' | 'POST',
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; data: Record<string, unknown>; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}${p}`, {
    method,
    headers: { origin: ORIGIN, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: res.status, data, ms: performance.now() - t0 };
}

async function ok(url: string, method: 'GET' | 'POST', p: string, body?: unknown, headers?: Record<string, string>) {
  const r = await call(url, method, p, body, headers);
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

/** The admin's access token and a site key for ORIGIN. */
export async function setUp(url: string): Promise<{ token: string; siteKey: string }> {
  const token = (await ok(url, 'POST', '/api/v1/auth/login', ADMIN)).accessToken as string;
  const site = await ok(
    url,
    'POST',
    '/api/v1/site-keys',
    { name: 'drill', allowedOrigins: [ORIGIN] },
    { authorization: `Bearer ${token}` },
  );
  return { token, siteKey: site.key as string };
}

export interface Visitor {
  headers: Record<string, string>;
  conversationId: string;
}

/** A visitor session (config, then session, as widget.js does) and its conversation, through `url`. */
export async function openVisitor(url: string, siteKey: string, first: string): Promise<Visitor> {
  const cfg = await ok(url, 'GET', `/widget/v1/config?siteKey=${siteKey}`);
  const s = await ok(url, 'POST', '/widget/v1/session', { siteKey, config: cfg.signed });
  const headers = { authorization: `Bearer ${s.token as string}` };
  const start = await ok(url, 'POST', '/widget/v1/conversations', { text: first, clientMessageId: `start-${first}` }, headers);
  return { headers, conversationId: (start.conversation as { id: string }).id };
}

let sent = 0;
/** One widget message; the status (0 when no answer came), the message id on a 2xx. */
export async function sendMessage(url: string, v: Visitor, text: string) {
  const clientMessageId = `drill-${process.pid}-${++sent}`;
  try {
    const r = await call(url, 'POST', `/widget/v1/conversations/${v.conversationId}/messages`, { text, clientMessageId }, v.headers);
    const id = (r.data.message as { id?: string } | undefined)?.id;
    return { status: r.status, code: (r.data.error as { code?: string } | undefined)?.code, id, ms: r.ms };
  } catch (err) {
    return { status: 0, code: (err as Error).name, id: undefined, ms: NaN };
  }
}

interface Envelope {
  topic: string;
  room?: string;
  seq?: number;
  payload: { conversationId?: string; message?: { id: string } };
}

/** An agent's socket: every message id it heard (live or by catching up), per conversation. */
export class AgentWatcher {
  private socket?: Socket;
  private readonly seqs = new Map<string, Set<number>>();
  /** Message ids per followed conversation. */
  readonly messages = new Map<string, Set<string>>();
  /** Message ids that arrived live (an `event`), not from a catch-up read. */
  readonly live = new Set<string>();
  syncRequired = 0;

  constructor(private readonly token: string) {}

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  follow(conversationId: string): void {
    if (!this.messages.has(conversationId)) this.messages.set(conversationId, new Set());
  }

  heard(messageId: string): boolean {
    for (const ids of this.messages.values()) if (ids.has(messageId)) return true;
    return false;
  }

  /** Connects to `url` (closing any previous socket) and catches up every followed conversation. */
  async connect(url: string): Promise<void> {
    this.socket?.close();
    const s = io(`${url}/agent`, { auth: { token: this.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket = s;
    s.on('event', (e: Envelope) => this.record(e, true));
    s.on('sync_required', () => {
      this.syncRequired++;
      void this.sync().catch(() => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (err) => reject(err));
    });
    await this.sync();
  }

  /** Reads what each followed conversation missed after its unbroken run of sequence numbers. */
  async sync(): Promise<void> {
    const s = this.socket!;
    for (let round = 0; round < 100; round++) {
      const rooms = Object.fromEntries([...this.messages.keys()].map((c) => [`conversation:${c}`, this.unbrokenUpTo(c)]));
      const ack = (await s.timeout(15_000).emitWithAck('sync', { rooms })) as {
        ok: boolean;
        rooms?: Record<string, { events: Envelope[]; more: boolean }>;
      };
      if (!ack.ok) throw new Error(`sync refused: ${JSON.stringify(ack)}`);
      let more = false;
      for (const r of Object.values(ack.rooms ?? {})) {
        for (const e of r.events) this.record(e, false);
        more ||= r.more;
      }
      if (!more) return;
    }
  }

  close(): void {
    this.socket?.close();
  }

  private unbrokenUpTo(conversationId: string): number {
    const seen = this.seqs.get(conversationId) ?? new Set<number>();
    let n = 0;
    while (seen.has(n + 1)) n++;
    return n;
  }

  private record(e: Envelope, live: boolean): void {
    const cid = e.payload?.conversationId ?? e.room?.replace(/^conversation:/, '');
    if (!cid || !this.messages.has(cid)) return;
    if (typeof e.seq === 'number') {
      const set = this.seqs.get(cid) ?? new Set<number>();
      set.add(e.seq);
      this.seqs.set(cid, set);
    }
    if (e.topic === 'message.created' && e.payload.message?.id) {
      this.messages.get(cid)!.add(e.payload.message.id);
      if (live) this.live.add(e.payload.message.id);
    }
  }
}
