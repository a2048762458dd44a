import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import { decodePacket, encodePacket, SocketClient, type SocketEvents } from '../src/socket-client.js';
import { startRawServer, startSocketServer, TestWebSocket, type TestSocketServer } from './support/socket-server.js';

describe('socket.io packets (encodePacket, decodePacket)', () => {
  it('encodes as the socket.io v5 protocol writes them: type, namespace unless main, ack id, JSON', () => {
    expect(encodePacket({ type: 2, nsp: '/', data: ['foo'] })).to.equal('2["foo"]');
    expect(encodePacket({ type: 0, nsp: '/widget', data: { token: 't' } })).to.equal('0/widget,{"token":"t"}');
    expect(encodePacket({ type: 2, nsp: '/widget', id: 12, data: ['room:join', { room: 'r' }] })).to.equal(
      '2/widget,12["room:join",{"room":"r"}]',
    );
    expect(encodePacket({ type: 1, nsp: '/widget' })).to.equal('1/widget,');
  });

  it('decodes CONNECT, EVENT, ACK, DISCONNECT and CONNECT_ERROR, with or without a namespace', () => {
    expect(decodePacket('0/widget,{"sid":"abc"}')).to.deep.equal({ type: 0, nsp: '/widget', id: undefined, data: { sid: 'abc' } });
    expect(decodePacket('2["foo",1]')).to.deep.equal({ type: 2, nsp: '/', id: undefined, data: ['foo', 1] });
    expect(decodePacket('3/widget,13[{"ok":true}]')).to.deep.equal({ type: 3, nsp: '/widget', id: 13, data: [{ ok: true }] });
    expect(decodePacket('1/widget,')).to.deep.equal({ type: 1, nsp: '/widget', id: undefined, data: undefined });
    expect(decodePacket('4/widget,{"message":"no","data":{"code":"unauthorized"}}')).to.deep.include({
      type: 4,
      data: { message: 'no', data: { code: 'unauthorized' } },
    });
    expect(decodePacket('2/widget,["text, with a comma\\nand a line"]')!.data).to.deep.equal(['text, with a comma\nand a line']);
  });

  it('refuses what it cannot read: binary packets, bad JSON, payloads of the wrong shape', () => {
    for (const bad of [
      '51-["x",{"_placeholder":true,"num":0}]',
      '2["x"',
      '2/widget,{"a":1}',
      '2[]',
      '2[1]',
      '3/widget,[]',
      '3/widget,5{}',
      '0/widget,[1]',
      '4"no"',
      '9',
      '',
    ])
      expect(decodePacket(bad), bad).to.equal(undefined);
  });
});

/** Records what a client reports; `events` are `[name, ...args]`. */
function recorder() {
  const got = { connects: 0, events: [] as unknown[][], refusals: [] as { message: string; data: unknown }[] };
  const on: SocketEvents = {
    connect: () => void got.connects++,
    event: (name, args) => void got.events.push([name, ...args]),
    refused: (message, data) => void got.refusals.push({ message, data }),
  };
  return { got, on };
}

describe('SocketClient against a socket.io v4 server', () => {
  let server: TestSocketServer;
  const clients: SocketClient[] = [];
  const client = (token: string | (() => string), on: SocketEvents) => {
    const c = new SocketClient(server.url, '/widget', () => ({ token: typeof token === 'string' ? token : token() }), on, TestWebSocket);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    server = await startSocketServer();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await server.close();
  });

  it('connects to the namespace over WebSocket with its auth payload, emits, gets acks and server events', async () => {
    const { got, on } = recorder();
    const heard: unknown[] = [];
    server.io.of('/widget').on('connection', (s) => {
      s.on('typing', (data: unknown) => heard.push(data));
      s.on('room:join', (data: { room: string }, ack: (r: unknown) => void) => ack({ ok: true, room: data.room }));
    });
    const c = client('good', on);
    await waitFor(() => c.connected, { what: 'the namespace connection' });
    expect(got.connects).to.equal(1);
    expect(server.handshakes).to.deep.equal([{ token: 'good' }]);
    expect(server.sockets()[0]!.conn.transport.name).to.equal('websocket');

    expect(c.emit('typing', { typing: true })).to.equal(true);
    await waitFor(() => heard.length === 1, { what: 'the emitted event on the server' });
    expect(heard).to.deep.equal([{ typing: true }]);
    expect(await c.request('room:join', { room: 'conversation:1' }, 5000)).to.deep.equal({ ok: true, room: 'conversation:1' });
    expect(await c.request('room:join', { room: 'conversation:2' }, 5000)).to.deep.equal({ ok: true, room: 'conversation:2' });

    server.sockets()[0]!.emit('event', { topic: 'message.created', seq: 1 });
    server.sockets()[0]!.emit('sync_required', { reason: 'test' });
    await waitFor(() => got.events.length === 2, { what: 'both server events' });
    expect(got.events).to.deep.equal([
      ['event', { topic: 'message.created', seq: 1 }],
      ['sync_required', { reason: 'test' }],
    ]);
  });

  it('answers the server pings, so the server keeps it past several ping intervals', async () => {
    await server.close();
    server = await startSocketServer({ pingInterval: 50, pingTimeout: 100 });
    const { got, on } = recorder();
    let pings = 0;
    server.io.of('/widget').on('connection', (s) => s.conn.on('heartbeat', () => pings++));
    client('good', on);
    await waitFor(() => pings >= 5, { what: 'five answered pings' });
    expect(got.connects, 'never dropped').to.equal(1);
    expect(server.handshakes).to.have.length(1);
  });

  it('sends nothing while disconnected: emit says so, a request fails at once', async () => {
    const c = client('busy', recorder().on);
    expect(c.emit('typing', { typing: true })).to.equal(false);
    let failed: unknown;
    await c.request('room:join', {}, 5000).catch((err: Error) => (failed = err.message));
    expect(failed).to.equal('disconnected');
  });

  it('fails a request the server does not acknowledge in time, and one pending when the connection goes', async () => {
    server.io.of('/widget').on('connection', (s) => s.on('room:join', () => undefined));
    const c = client('good', recorder().on);
    await waitFor(() => c.connected, { what: 'the namespace connection' });
    const late = await c.request('room:join', {}, 50).catch((err: Error) => err.message);
    expect(late).to.equal('timeout');
    const pending = c.request('room:join', {}, 60_000).catch((err: Error) => err.message);
    server.sockets()[0]!.conn.close();
    expect(await pending).to.equal('disconnected');
  });

  it('redials after a server-side disconnect and after a dropped connection, reading its auth again each time', async () => {
    const { got, on } = recorder();
    let n = 0;
    const c = client(() => `token-${++n}`, on);
    await waitFor(() => got.connects === 1, { what: 'the first connection' });
    server.sockets()[0]!.disconnect(true);
    await waitFor(() => got.connects === 2 && c.connected, { what: 'the redial after a server-side disconnect' });
    server.sockets()[0]!.conn.close();
    await waitFor(() => got.connects === 3 && c.connected, { what: 'the redial after a dropped connection' });
    expect(server.handshakes).to.deep.equal([{ token: 'token-1' }, { token: 'token-2' }, { token: 'token-3' }]);
    expect(server.sockets()).to.have.length(1);
  });

  it('redials after the server stopped and came back on the same port', async () => {
    const { got, on } = recorder();
    const c = client('good', on);
    await waitFor(() => c.connected, { what: 'the first connection' });
    const port = Number(new URL(server.url).port);
    await server.close();
    await waitFor(() => !c.connected, { what: 'the drop' });
    server = await startSocketServer({ port });
    await waitFor(() => got.connects === 2 && c.connected, { what: 'the redial to the server that came back', timeoutMs: 20_000 });
    expect(server.sockets()).to.have.length(1);
  });

  it('reports a refused handshake with its data, and redials unless closed', async () => {
    const refused = recorder();
    const stopped = client('expired', { ...refused.on, refused: (message, data) => (refused.on.refused(message, data), stopped.close()) });
    const busy = recorder();
    client('busy', busy.on);
    // The busy client redials twice in the time the closed one would have redialled once.
    await waitFor(() => busy.got.refusals.length >= 3, { what: 'three refusals of the busy client', timeoutMs: 20_000 });
    expect(refused.got.refusals).to.deep.equal([{ message: 'Authentication required.', data: { code: 'unauthorized' } }]);
    expect(server.handshakes.filter((h) => h.token === 'expired')).to.have.length(1);
    expect(busy.got.refusals[0]).to.deep.equal({ message: 'Not now.', data: undefined });
    expect(busy.got.connects).to.equal(0);
  });

  it('says goodbye to the namespace on close, and does not come back', async () => {
    let gone: string | undefined;
    server.io.of('/widget').on('connection', (s) => s.on('disconnect', (reason) => (gone = reason)));
    const c = client('good', recorder().on);
    await waitFor(() => c.connected, { what: 'the namespace connection' });
    c.close();
    await waitFor(() => gone, { what: 'the disconnect on the server' });
    expect(gone).to.equal('client namespace disconnect');
    expect(c.connected).to.equal(false);
  });
});

describe('SocketClient heartbeat', () => {
  it('answers pings with pongs, and redials when no ping comes within pingInterval + pingTimeout', async () => {
    const raw = await startRawServer({ pingInterval: 100, pingTimeout: 100 });
    const { got, on } = recorder();
    const c = new SocketClient(raw.url, '/widget', () => ({ token: 't' }), on, TestWebSocket);
    try {
      await waitFor(() => got.connects === 1, { what: 'the namespace connection' });
      const first = raw.connections[0]!;
      expect(first.url).to.equal('/socket.io/?EIO=4&transport=websocket');
      expect(first.frames).to.deep.equal(['40/widget,{"token":"t"}']);
      first.ws.send('2');
      await waitFor(() => first.frames.includes('3'), { what: 'the pong' });
      // Then the server goes quiet (a dead peer whose TCP connection never closes).
      await waitFor(() => raw.connections.length === 2 && got.connects === 2, {
        what: 'the redial after the missed pings',
        timeoutMs: 10_000,
      });
      expect(raw.connections[1]!.frames[0]).to.equal('40/widget,{"token":"t"}');
    } finally {
      c.close();
      await raw.close();
    }
  });

  it('drops a connection that sends what it cannot read, and redials', async () => {
    const raw = await startRawServer({ pingInterval: 10_000, pingTimeout: 10_000 });
    const { got, on } = recorder();
    const c = new SocketClient(raw.url, '/widget', () => ({ token: 't' }), on, TestWebSocket);
    try {
      await waitFor(() => got.connects === 1, { what: 'the namespace connection' });
      raw.connections[0]!.ws.send('42/widget,{"not":"an event"}');
      await waitFor(() => got.connects === 2, { what: 'the redial' });
      expect(got.events).to.deep.equal([]);
    } finally {
      c.close();
      await raw.close();
    }
  });
});
