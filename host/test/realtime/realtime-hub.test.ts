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
const THREAD = '22222222-2222-4222-8222-222222222222';
const ROOM = `thread:${THREAD}`;

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

function envelope(seq: number, payload: unknown = { threadId: THREAD }, topic = 'post.created'): RealtimeEnvelope {
  return { topic, tenantId: TENANT, room: ROOM, seq, payload, at: new Date().toISOString() };
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
      maxSyncRooms: 2,
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
      hub.registry.roomKind('thread', { authorize: () => true });
      const agent = await client('/agent', 'agent:u1');
      const widget = await client('/widget', 'visitor:v1');
      expect((await widget.emitWithAck('room:join', { room: ROOM })).ok).to.equal(true);
      const gotAgent: RealtimeEnvelope[] = [];
      const gotWidget: RealtimeEnvelope[] = [];
      agent.on('event', (e) => gotAgent.push(e));
      widget.on('event', (e) => gotWidget.push(e));
      hub.deliver(envelope(1, { threadId: THREAD, secret: 'internal' }, 'draft.created'));
      hub.registry.project('widget', '', (e) => (e.topic === 'post.created' ? { ...e, payload: { text: 'public' } } : undefined));
      hub.deliver(envelope(2, { threadId: THREAD, secret: 'internal' }, 'draft.created'));
      hub.deliver(envelope(3));
      await waitFor(() => gotAgent.length === 3 && gotWidget.some((e) => e.seq === 3), { what: 'event 3 on both sockets' });
      expect(gotAgent.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(gotWidget.map((e) => [e.topic, e.seq, e.payload])).to.deep.equal([['post.created', 3, { text: 'public' }]]);
    });

    it('lets widgets see nothing while no projection is registered', async () => {
      hub.registry.roomKind('thread', { authorize: () => true });
      const widget = await client('/widget', 'visitor:v1');
      await widget.emitWithAck('room:join', { room: ROOM });
      const seen: number[] = [];
      widget.on('event', (e: RealtimeEnvelope) => seen.push(e.seq!));
      hub.deliver(envelope(1));
      // Prove the path delivers: once a projection exists the next event arrives, and a socket
      // receives in order, so event 1 would have come before it.
      hub.registry.project('widget', '', (e) => e);
      hub.deliver(envelope(2));
      await waitFor(() => seen.includes(2), { what: 'the projected event' });
      expect(seen).to.deep.equal([2]);
    });
  });

  describe('room:join', () => {
    it('answers missed events from the catch-up source, a page at a time with `more`', async () => {
      const asked: unknown[] = [];
      hub.registry.roomKind('thread');
      hub.registry.addCatchUpSource('thread', async (q) => {
        asked.push(q);
        return Array.from({ length: 10 }, (_, i) => envelope(q.afterSeq + 1 + i)).slice(0, q.limit);
      });
      const agent = await client('/agent', 'agent:u1');
      const ack = await agent.emitWithAck('room:join', { room: ROOM, afterSeq: 5 });
      expect(ack.ok).to.equal(true);
      expect(ack.events.map((e: RealtimeEnvelope) => e.seq)).to.deep.equal([6, 7, 8]);
      expect(ack.more).to.equal(true);
      expect(asked[0]).to.deep.include({ tenantId: TENANT, room: ROOM, id: THREAD, afterSeq: 5, audience: 'agent' });
    });

    it('merges the catch-up sources several plugins add for one room kind, in sequence order', async () => {
      hub.registry.roomKind('thread');
      hub.registry.addCatchUpSource('thread', async () => [envelope(2), envelope(5)]);
      hub.registry.addCatchUpSource('thread', async () => [envelope(3), envelope(4), envelope(6)]);
      const agent = await client('/agent', 'agent:u1');
      const ack = await agent.emitWithAck('room:join', { room: ROOM, afterSeq: 1 });
      expect(ack.events.map((e: RealtimeEnvelope) => e.seq)).to.deep.equal([2, 3, 4]);
      expect(ack.more).to.equal(true);
    });

    it('refuses a room of a kind no plugin declared, to agents too', async () => {
      const agent = await client('/agent', 'agent:u1');
      expect(await agent.emitWithAck('room:join', { room: ROOM })).to.deep.equal({
        ok: false,
        error: { code: 'not_found', message: 'No such room.' },
      });
      hub.registry.roomKind('thread');
      expect((await agent.emitWithAck('room:join', { room: ROOM })).ok).to.equal(true);
    });

    it('refuses visitors when the kind has no authorizer, and bad input with validation_failed', async () => {
      hub.registry.roomKind('thread');
      const widget = await client('/widget', 'visitor:v1');
      expect(await widget.emitWithAck('room:join', { room: ROOM })).to.deep.equal({
        ok: false,
        error: { code: 'not_found', message: 'No such room.' },
      });
      const bad = await widget.emitWithAck('room:join', { room: 'thread:../../etc' });
      expect(bad.ok).to.equal(false);
      expect(bad.error.code).to.equal('validation_failed');
      const agent = await client('/agent', 'agent:u1');
      const tooMany = await agent.emitWithAck('sync', { rooms: { 'thread:a': 0, 'thread:b': 0, 'thread:c': 0 } });
      expect(tooMany.error.code).to.equal('validation_failed');
    });
  });

  describe('backpressure', () => {
    it('drops a socket that stops reading to catch-up mode, then tells it to sync once it has drained', async () => {
      hub.registry.roomKind('thread', { authorize: () => true });
      const agent = await client('/agent', 'agent:slow');
      await agent.emitWithAck('room:join', { room: ROOM });
      let received = 0;
      const syncRequired: { reason: string }[] = [];
      agent.on('event', () => received++);
      agent.on('sync_required', (d) => syncRequired.push(d));
      // Stop reading from the TCP socket, as a stalled mobile client would.
      const tcp = (agent.io.engine.transport as unknown as { ws: { _socket: import('node:net').Socket } }).ws._socket;
      tcp.pause();
      const big = 'x'.repeat(32 * 1024);
      for (let seq = 1; seq <= 400; seq++) {
        hub.deliver(envelope(seq, { threadId: THREAD, big }));
        if (seq % 20 === 0) await new Promise((r) => setImmediate(r));
      }
      expect(hub.stats.slowConsumers).to.equal(1);
      const serverSide = [...hub.agents.sockets.values()][0]!;
      expect([...serverSide.rooms].filter((r) => r.startsWith('r:') || r.startsWith('t:'))).to.deep.equal([]);
      tcp.resume();
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no sync_required after draining')), 10000);
        agent.once('sync_required', () => (clearTimeout(t), resolve()));
      });
      expect(syncRequired[0]).to.deep.equal({ reason: 'slow_consumer' });
      expect(received).to.be.below(400);
      // Back in its tenant room: new events flow again; the client syncs its rooms itself.
      const before = received;
      hub.deliver(envelope(401));
      await waitFor(() => received > before, { what: 'an event after draining' });
    });
  });

  describe('typing', () => {
    it('relays typing in a room the socket follows as <kind>.typing, and refuses it elsewhere', async () => {
      hub.registry.roomKind('thread', { authorize: () => true });
      const agent = await client('/agent', 'agent:u1');
      const widget = await client('/widget', 'visitor:v1');
      await agent.emitWithAck('room:join', { room: ROOM });
      expect((await widget.emitWithAck('typing', { room: ROOM, typing: true })).error.code).to.equal('not_joined');
      await widget.emitWithAck('room:join', { room: ROOM });
      const got: RealtimeEnvelope[] = [];
      agent.on('event', (e: RealtimeEnvelope) => got.push(e));
      expect((await widget.emitWithAck('typing', { room: ROOM, typing: true })).ok).to.equal(true);
      await waitFor(() => got.length === 1, { what: 'the typing event' });
      expect(got[0]).to.deep.include({ topic: 'thread.typing', room: ROOM, payload: { typing: true, by: { kind: 'visitor' } } });
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
