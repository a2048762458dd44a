import { expect } from 'chai';
import type { Socket } from 'socket.io';
import { waitFor } from '@bacon/host/testing';
import { redialDelay, WidgetTransport, type TransportEvents } from '../src/transport.js';
import type { Envelope, PublicMessage } from '../src/types.js';
import { startSocketServer, TestWebSocket, type TestSocketServer } from './support/socket-server.js';

describe('widget transport redial backoff', () => {
  it('doubles from 0.5 s, is capped at 15 s, and draws each delay between half and all of it', () => {
    expect([0, 1, 2, 3].map((a) => redialDelay(a, () => 1))).to.deep.equal([500, 1000, 2000, 4000]);
    expect(redialDelay(0, () => 0)).to.equal(250);
    expect(redialDelay(10, () => 1)).to.equal(15_000);
    expect(redialDelay(10_000, () => 0)).to.equal(7_500);
    const drawn = new Set(Array.from({ length: 50 }, () => redialDelay(3)));
    expect(drawn.size, 'jittered').to.be.greaterThan(1);
    for (const d of drawn) expect(d).to.be.within(2000, 4000);
  });
});

const CID = 'c1';
const ROOM = `conversation:${CID}`;

const message = (seq: number): Envelope => ({
  topic: 'message.created',
  tenantId: 't1',
  room: ROOM,
  seq,
  payload: { message: { id: `m${seq}`, seq, author: 'agent', text: `reply ${seq}`, createdAt: '2026-01-01T00:00:00Z' } },
  at: '2026-01-01T00:00:00Z',
});

/**
 * The widget transport against a socket.io server answering `room:join` as the host does (join,
 * then the events after `afterSeq`, two per page) from `stored`, and relaying `typing` and `read`.
 */
describe('WidgetTransport', () => {
  let server: TestSocketServer;
  let stored: Envelope[];
  let joins: { room: string; afterSeq: number }[];
  let relayed: unknown[][];
  let transport: WidgetTransport | undefined;
  const got = {
    messages: [] as PublicMessage[],
    typing: [] as boolean[],
    states: [] as string[],
    receipts: [] as unknown[],
    unauthorized: 0,
  };
  const on: TransportEvents = {
    messages: (list) => void got.messages.push(...list),
    typing: (t) => void got.typing.push(t),
    state: (s) => void got.states.push(s),
    receipts: (r) => void got.receipts.push(r),
    unauthorized: () => void got.unauthorized++,
  };
  const seqs = () => got.messages.map((m) => m.seq);
  const live = (e: Envelope) => server.io.of('/widget').to(ROOM).emit('event', e);

  beforeEach(async () => {
    Object.assign(got, { messages: [], typing: [], states: [], receipts: [], unauthorized: 0 });
    stored = [];
    joins = [];
    relayed = [];
    server = await startSocketServer();
    server.io.of('/widget').on('connection', (s: Socket) => {
      s.on('room:join', (data: { room: string; afterSeq: number }, ack: (r: unknown) => void) => {
        joins.push(data);
        void s.join(data.room);
        const after = stored.filter((e) => e.seq! > data.afterSeq);
        ack({ ok: true, events: after.slice(0, 2), more: after.length > 2 });
      });
      for (const event of ['typing', 'read']) s.on(event, (data: unknown) => relayed.push([event, data]));
    });
    transport = new WidgetTransport(server.url, on, 0, TestWebSocket);
  });
  afterEach(async () => {
    transport?.close();
    await server.close();
  });

  it('joins the conversation with its last sequence number, takes what it missed page by page, then live events', async () => {
    stored = [1, 2, 3, 4, 5].map(message);
    transport!.follow(CID, 1);
    transport!.connect('good');
    await waitFor(() => got.messages.length === 4, { what: 'the four missed messages' });
    expect(seqs()).to.deep.equal([2, 3, 4, 5]);
    expect(joins.map((j) => j.afterSeq)).to.deep.equal([1, 3]);
    expect(server.handshakes).to.deep.equal([{ token: 'good' }]);

    live(message(6));
    live(message(6));
    live({ ...message(0), topic: 'conversation.typing', seq: undefined, payload: { typing: true } });
    live({ ...message(0), topic: 'conversation.receipts', seq: undefined, payload: { deliveredSeq: 6, seenSeq: 5 } });
    live({ ...message(0), topic: 'conversation.state', seq: undefined, payload: { state: 'closed' } });
    live({ ...message(7), room: 'conversation:another' });
    await waitFor(() => got.states.length === 1, { what: 'the state event' });
    expect(seqs()).to.deep.equal([2, 3, 4, 5, 6]);
    expect(got.typing).to.deep.equal([true]);
    expect(got.receipts).to.deep.equal([{ deliveredSeq: 6, seenSeq: 5 }]);
    expect(got.states).to.deep.equal(['closed']);
    expect(transport!.lastSeq).to.equal(6);

    transport!.typing(true);
    transport!.read(6);
    await waitFor(() => relayed.length === 2, { what: 'typing and read on the server' });
    expect(relayed).to.deep.equal([
      ['typing', { room: ROOM, typing: true }],
      ['read', { room: ROOM, seq: 6 }],
    ]);
  });

  it('asks for what it missed when a live event skips a sequence number', async () => {
    transport!.connect('good');
    transport!.follow(CID, 0);
    await waitFor(() => joins.length === 1, { what: 'the first join' });
    stored = [1, 2, 3].map(message);
    live(message(3));
    await waitFor(() => got.messages.length === 3, { what: 'the caught-up messages' });
    expect(seqs()).to.deep.equal([1, 2, 3]);
    expect(joins.map((j) => j.afterSeq)).to.deep.equal([0, 0, 2]);
  });

  it('after a server-side disconnect (a host stopping) it redials, joins again after its last sequence number and catches up', async () => {
    stored = [1].map(message);
    transport!.connect('good');
    transport!.follow(CID, 0);
    await waitFor(() => got.messages.length === 1, { what: 'the first message' });
    server.io.of('/widget').disconnectSockets(true);
    stored = [1, 2].map(message);
    await waitFor(() => got.messages.length === 2, { what: 'the message sent while it was away' });
    expect(seqs()).to.deep.equal([1, 2]);
    expect(joins.map((j) => j.afterSeq).slice(-1)).to.deep.equal([1]);
    live(message(3));
    await waitFor(() => got.messages.length === 3, { what: 'a live message after the redial' });
    expect(server.handshakes).to.deep.equal([{ token: 'good' }, { token: 'good' }]);
  });

  it('tells the widget when the host refuses the token, and connects again with the new one', async () => {
    transport!.connect('expired');
    await waitFor(() => got.unauthorized === 1, { what: 'the refused token' });
    transport!.follow(CID, 0);
    transport!.connect('fresh');
    await waitFor(() => joins.length === 1, { what: 'the join with the new token' });
    expect(server.handshakes).to.deep.equal([{ token: 'expired' }, { token: 'fresh' }]);
    expect(got.unauthorized).to.equal(1);
  });

  it('keeps redialling a handshake the host refuses for another reason (a host still starting)', async () => {
    transport!.connect('busy');
    await waitFor(() => server.handshakes.length === 3, { what: 'two redials', timeoutMs: 20_000 });
    expect(got.unauthorized).to.equal(0);
  });
});
