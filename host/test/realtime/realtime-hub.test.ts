import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { RealtimeEnvelope } from '@bacon/sdk';
import { RealtimeHub, type SocketAuthenticator } from '../../src/realtime/realtime-hub.js';
import { createLogger } from '../../src/logs/logger.js';
import { waitFor } from '../../src/testing/wait-for.js';

const TENANT = '11111111-1111-4111-8111-111111111111';
const CONV = '22222222-2222-4222-8222-222222222222';

/** Tokens are `agent:<userId>` or `visitor:<visitorId>`: the hub only needs a principal. */
const fakeAuth: SocketAuthenticator = {
  async agent(token) {
    if (!token.startsWith('agent:')) throw new Error('no');
    return { kind: 'agent', tenantId: TENANT, userId: token.slice(6), role: 'agent' };
  },
  async visitor(token) {
    if (!token.startsWith('visitor:')) throw new Error('no');
    return { kind: 'visitor', tenantId: TENANT, visitorId: token.slice(8), siteKey: 'sk_test' };
  },
};

function envelope(seq: number, payload: unknown = { conversationId: CONV }, topic = 'message.created'): RealtimeEnvelope {
  return { topic, tenantId: TENANT, conversationId: CONV, seq, payload, at: new Date().toISOString() };
}

describe('RealtimeHub', () => {
  let server: http.Server;
  let io: Server;
  let hub: RealtimeHub;
  let url: string;
  const clients: ClientSocket[] = [];

  const client = (nsp: '/agent' | '/widget', token: string, transports: ('websocket' | 'polling')[] = ['websocket']) =>
    new Promise<ClientSocket>((resolve, reject) => {
      const c = connect(`${url}${nsp}`, { auth: { token }, transports, forceNew: true, reconnection: false });
      clients.push(c);
      c.once('connect', () => resolve(c));
      c.once('connect_error', reject);
    });

  beforeEach(async () => {
    server = http.createServer();
    io = new Server(server);
    hub = new RealtimeHub(io, fakeAuth, createLogger({ logLevel: 'silent', logPretty: false }), {
      backpressure: { maxQueuedPackets: 8, maxBufferedBytes: 64 * 1024 },
      catchUpLimit: 3,
      maxSyncConversations: 2,
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    hub.close();
    await new Promise((r) => io.close(r));
  });

  describe('deliver', () => {
    it('sends bus events to agents of the tenant, and to widgets only what the projection lets through', async () => {
      hub.authorizeConversation(() => true);
      const agent = await client('/agent', 'agent:u1');
      const widget = await client('/widget', 'visitor:v1');
      expect((await widget.emitWithAck('conversation:join', { conversationId: CONV })).ok).to.equal(true);
      const gotAgent: RealtimeEnvelope[] = [];
      const gotWidget: RealtimeEnvelope[] = [];
      agent.on('event', (e) => gotAgent.push(e));
      widget.on('event', (e) => gotWidget.push(e));
      hub.deliver(envelope(1, { conversationId: CONV, secret: 'internal' }, 'note.created'));
      hub.projectForWidget((e) => (e.topic === 'message.created' ? { ...e, payload: { text: 'public' } } : undefined));
      hub.deliver(envelope(2, { conversationId: CONV, secret: 'internal' }, 'note.created'));
      hub.deliver(envelope(3));
      await waitFor(() => gotAgent.length === 3 && gotWidget.some((e) => e.seq === 3), { what: 'event 3 on both sockets' });
      expect(gotAgent.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(gotWidget.map((e) => [e.topic, e.seq, e.payload])).to.deep.equal([['message.created', 3, { text: 'public' }]]);
    });

    it('lets widgets see nothing while no projection is registered', async () => {
      hub.authorizeConversation(() => true);
      const widget = await client('/widget', 'visitor:v1');
      await widget.emitWithAck('conversation:join', { conversationId: CONV });
      const seen: number[] = [];
      widget.on('event', (e: RealtimeEnvelope) => seen.push(e.seq!));
      hub.deliver(envelope(1));
      // Prove the path delivers: once a projection exists the next event arrives, and a socket
      // receives in order, so event 1 would have come before it.
      hub.projectForWidget((e) => e);
      hub.deliver(envelope(2));
      await waitFor(() => seen.includes(2), { what: 'the projected event' });
      expect(seen).to.deep.equal([2]);
    });
  });

  describe('conversation:join', () => {
    it('answers missed events from the sync source, a page at a time with `more`', async () => {
      const asked: unknown[] = [];
      hub.setSyncSource(async (q) => {
        asked.push(q);
        return Array.from({ length: 10 }, (_, i) => envelope(q.afterSeq + 1 + i)).slice(0, q.limit);
      });
      const agent = await client('/agent', 'agent:u1');
      const ack = await agent.emitWithAck('conversation:join', { conversationId: CONV, afterSeq: 5 });
      expect(ack.ok).to.equal(true);
      expect(ack.events.map((e: RealtimeEnvelope) => e.seq)).to.deep.equal([6, 7, 8]);
      expect(ack.more).to.equal(true);
      expect(asked[0]).to.deep.include({ tenantId: TENANT, conversationId: CONV, afterSeq: 5, audience: 'agent' });
    });

    it('refuses visitors when no authorizer is registered, and bad input with validation_failed', async () => {
      const widget = await client('/widget', 'visitor:v1');
      expect(await widget.emitWithAck('conversation:join', { conversationId: CONV })).to.deep.equal({ ok: false, error: { code: 'not_found', message: 'No such conversation.' } });
      const bad = await widget.emitWithAck('conversation:join', { conversationId: '../../etc' });
      expect(bad.ok).to.equal(false);
      expect(bad.error.code).to.equal('validation_failed');
      const agent = await client('/agent', 'agent:u1');
      const tooMany = await agent.emitWithAck('sync', { conversations: { a: 0, b: 0, c: 0 } });
      expect(tooMany.error.code).to.equal('validation_failed');
    });
  });

  describe('backpressure', () => {
    it('drops a socket that stops reading to catch-up mode, then tells it to sync once it has drained', async () => {
      hub.authorizeConversation(() => true);
      const agent = await client('/agent', 'agent:slow');
      await agent.emitWithAck('conversation:join', { conversationId: CONV });
      let received = 0;
      const syncRequired: { reason: string }[] = [];
      agent.on('event', () => received++);
      agent.on('sync_required', (d) => syncRequired.push(d));
      // Stop reading from the TCP socket, as a stalled mobile client would.
      const tcp = (agent.io.engine.transport as unknown as { ws: { _socket: import('node:net').Socket } }).ws._socket;
      tcp.pause();
      const big = 'x'.repeat(32 * 1024);
      for (let seq = 1; seq <= 400; seq++) {
        hub.deliver(envelope(seq, { conversationId: CONV, big }));
        if (seq % 20 === 0) await new Promise((r) => setImmediate(r));
      }
      expect(hub.stats.slowConsumers).to.equal(1);
      const serverSide = [...hub.agents.sockets.values()][0]!;
      expect([...serverSide.rooms].filter((r) => r.startsWith('c:') || r.startsWith('t:'))).to.deep.equal([]);
      tcp.resume();
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no sync_required after draining')), 10000);
        agent.once('sync_required', () => (clearTimeout(t), resolve()));
      });
      expect(syncRequired[0]).to.deep.equal({ reason: 'slow_consumer' });
      expect(received).to.be.below(400);
      // Back in its tenant room: new events flow again; the client syncs conversations itself.
      const before = received;
      hub.deliver(envelope(401));
      await waitFor(() => received > before, { what: 'an event after draining' });
    });
  });

  describe('requireSync', () => {
    it('tells every socket of both namespaces to sync', async () => {
      const agent = await client('/agent', 'agent:u1', ['polling']);
      const widget = await client('/widget', 'visitor:v1');
      const got: string[] = [];
      agent.on('sync_required', (d) => got.push(`agent:${d.reason}`));
      widget.on('sync_required', (d) => got.push(`widget:${d.reason}`));
      hub.requireSync('redis_reconnected');
      await waitFor(() => got.length === 2, { what: 'sync_required on both sockets' });
      expect(got.sort()).to.deep.equal(['agent:redis_reconnected', 'widget:redis_reconnected']);
    });
  });
});
