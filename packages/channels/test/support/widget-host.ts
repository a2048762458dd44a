import { randomBytes } from 'node:crypto';
import { conversationRoom } from '../../src/public-message.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { definePlugin, type RealtimeEnvelope } from '@bacon/sdk';
import { startTestHost, createTestUser, type TestHost, type TestHostOptions, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin, localDiskStore, type ChannelsOptions } from '../../src/index.js';

/** The origin the test site key lists; requests and sockets send it as a browser would. */
export const SITE_ORIGIN = 'http://shop.test.local';

export interface WidgetTestHost {
  host: TestHost;
  url: string;
  inbox: InboxApi;
  admin: TestUser;
  agent: TestUser;
  siteKey: string;
  /** The site's identity secret (for signing visitor identities), when this host made the key. */
  identitySecret?: string;
  close(): Promise<void>;
}

export interface Visitor {
  token: string;
  visitorId: string;
  headers: Record<string, string>;
}

function probe(onInit: (api: InboxApi) => void) {
  return definePlugin({
    id: 'inbox-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => onInit(ctx.use<InboxApi>('inbox')),
  });
}

/**
 * A real host with the inbox and the channels plugin, an admin, an agent and a site key for
 * SITE_ORIGIN. Pass `siteKey` (and a shared `database`) to start a second host of the same install.
 */
export async function startWidgetHost(
  opts: TestHostOptions & {
    siteKey?: string;
    admin?: TestUser;
    agent?: TestUser;
    channels?: ChannelsOptions;
    /** More plugins beside inbox and channels (paths of sandboxed ones, or definitions). */
    extraPlugins?: string[];
  } = {},
): Promise<WidgetTestHost> {
  let api: InboxApi | undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-attachments-'));
  const host = await startTestHost({
    ...opts,
    config: { rateWidgetIp: '100000/60', rateWidgetSite: '100000/60', ...opts.config },
    plugins: [
      inbox,
      channelsPlugin({ attachments: localDiskStore(dir), ...opts.channels }),
      probe((a) => (api = a)),
      ...(opts.extraPlugins ?? []),
    ],
  });
  const admin = opts.admin ?? (await createTestUser(host, { role: 'admin' }));
  const agent = opts.agent ?? (await createTestUser(host, { role: 'agent' }));
  let siteKey = opts.siteKey;
  let identitySecret: string | undefined;
  if (!siteKey) {
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Test shop', allowedOrigins: [SITE_ORIGIN] }),
    });
    if (res.status !== 201) throw new Error(`site key: ${res.status} ${await res.text()}`);
    const made = (await res.json()) as { key: string; identitySecret?: string };
    siteKey = made.key;
    identitySecret = made.identitySecret;
  }
  return {
    host,
    url: host.url,
    inbox: api!,
    admin,
    agent,
    siteKey,
    identitySecret,
    async close() {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a visitor session the way widget.js does: signed config, then session. */
export async function openVisitor(
  t: Pick<WidgetTestHost, 'url' | 'siteKey'>,
  identity?: { userId: string; hash: string },
): Promise<Visitor> {
  const cfg = await fetch(`${t.url}/widget/v1/config?siteKey=${encodeURIComponent(t.siteKey)}`, { headers: { origin: SITE_ORIGIN } });
  if (cfg.status !== 200) throw new Error(`config: ${cfg.status} ${await cfg.text()}`);
  const { signed } = (await cfg.json()) as { signed: string };
  const res = await fetch(`${t.url}/widget/v1/session`, {
    method: 'POST',
    headers: { origin: SITE_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ siteKey: t.siteKey, config: signed, ...(identity ? { identity } : {}) }),
  });
  if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`);
  const { token, visitorId } = (await res.json()) as { token: string; visitorId: string };
  return { token, visitorId, headers: { authorization: `Bearer ${token}`, origin: SITE_ORIGIN, 'content-type': 'application/json' } };
}

export const clientId = () => randomBytes(9).toString('base64url');

/** POST /widget/v1/conversations: a new conversation with its first message. */
export async function startConversation(url: string, v: Visitor, text: string): Promise<{ conversationId: string; seq: number }> {
  const res = await fetch(`${url}/widget/v1/conversations`, {
    method: 'POST',
    headers: v.headers,
    body: JSON.stringify({ text, clientMessageId: clientId() }),
  });
  if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { conversation: { id: string }; message: { seq: number } };
  return { conversationId: body.conversation.id, seq: body.message.seq };
}

export async function sendVisitorMessage(url: string, v: Visitor, conversationId: string, text: string): Promise<{ seq: number }> {
  const res = await fetch(`${url}/widget/v1/conversations/${conversationId}/messages`, {
    method: 'POST',
    headers: v.headers,
    body: JSON.stringify({ text, clientMessageId: clientId() }),
  });
  if (res.status !== 201) throw new Error(`send: ${res.status} ${await res.text()}`);
  return { seq: ((await res.json()) as { message: { seq: number } }).message.seq };
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A socket.io client that records every `event` envelope and `sync_required` it receives. */
export interface RecordingSocket {
  socket: Socket;
  events: RealtimeEnvelope[];
  syncRequired: { reason: string }[];
  /** Resolves when `predicate` holds over the recorded events (checked on every new one). */
  until(predicate: (events: RealtimeEnvelope[]) => boolean, what?: string, timeoutMs?: number): Promise<void>;
  emit<T = Record<string, unknown>>(event: string, data: unknown): Promise<T & { ok: boolean }>;
  close(): void;
}

export function recordingSocket(url: string, nsp: '/agent' | '/widget', token: string, opts: ClientOptions = {}): Promise<RecordingSocket> {
  const socket = connect(`${url}${nsp}`, {
    auth: { token },
    reconnection: false,
    forceNew: true,
    ...(nsp === '/widget' ? { extraHeaders: { origin: SITE_ORIGIN } } : {}),
    ...opts,
  });
  const events: RealtimeEnvelope[] = [];
  const syncRequired: { reason: string }[] = [];
  const waiters = new Set<() => void>();
  socket.on('event', (e: RealtimeEnvelope) => {
    events.push(e);
    for (const w of [...waiters]) w();
  });
  socket.on('sync_required', (d: { reason: string }) => {
    syncRequired.push(d);
    for (const w of [...waiters]) w();
  });
  const rec: RecordingSocket = {
    socket,
    events,
    syncRequired,
    until(predicate, what = 'events', timeoutMs = 15000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(events)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out waiting for ${what}; got ${events.length} events: ${events.map((e) => `${e.topic}#${e.seq ?? '-'}`).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    emit(event, data) {
      return socket.timeout(10000).emitWithAck(event, data);
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(rec));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Messages (by seq) among recorded events of one conversation. */
export function messageSeqs(events: RealtimeEnvelope[], conversationId: string): number[] {
  return events.filter((e) => e.topic === 'message.created' && e.room === conversationRoom(conversationId)).map((e) => e.seq!);
}
