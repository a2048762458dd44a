import { expect } from 'chai';
import { conversationRoom } from '../src/public-message.js';
import type { RealtimeEnvelope } from '@bacon/sdk';
import {
  startWidgetHost,
  openVisitor,
  startConversation,
  sendVisitorMessage,
  recordingSocket,
  messageSeqs,
  type WidgetTestHost,
  type RecordingSocket,
} from './support/widget-host.js';

describe('realtime delivery of the web channel (socket.io)', () => {
  let t: WidgetTestHost;
  const open: RecordingSocket[] = [];
  const track = (s: RecordingSocket) => (open.push(s), s);

  before(async () => {
    t = await startWidgetHost();
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  after(async () => {
    await t?.close();
  });

  it('delivers a visitor message to an agent of the tenant, with its sequence number', async () => {
    const agent = track(await recordingSocket(t.url, '/agent', t.agent.token));
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'Hello, is anyone there?');
    await sendVisitorMessage(t.url, v, conversationId, 'My order is late');
    await agent.until((ev) => messageSeqs(ev, conversationId).includes(2), 'message #2');
    const created = agent.events.filter((e) => e.topic === 'message.created' && e.room === conversationRoom(conversationId));
    expect(created.map((e) => e.seq)).to.deep.equal([1, 2]);
    expect((created[1]!.payload as { message: { body: string } }).message.body).to.equal('My order is late');
    expect(created[1]).to.include({ tenantId: t.agent.user.tenantId });
    expect(created[1]!.at).to.be.a('string');
  });

  it('delivers agent replies to the visitor and never a note or internal field', async () => {
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'Hi');
    const widget = track(await recordingSocket(t.url, '/widget', v.token));
    const joined = await widget.emit<{ events: RealtimeEnvelope[] }>('room:join', { room: conversationRoom(conversationId), afterSeq: 0 });
    expect(joined.ok).to.equal(true);
    expect(joined.events.map((e) => e.seq)).to.deep.equal([1]);
    const note = await fetch(`${t.url}/api/v1/conversations/${conversationId}/notes`, {
      method: 'POST',
      headers: { ...t.agent.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'VIP customer, internal only' }),
    });
    expect(note.status).to.equal(201);
    await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: 'Happy to help!' });
    await widget.until((ev) => messageSeqs(ev, conversationId).includes(2), 'the reply');
    const raw = JSON.stringify(widget.events);
    expect(raw).not.to.contain('VIP customer');
    expect(raw).not.to.contain(t.agent.user.email);
    // The agent's id reaches the visitor in one place only: the reply's `agentId`, the handle the
    // widget shows the agent's name and avatar by (GET /widget/v1/agents/:id). Nowhere else.
    expect(raw.split(t.agent.user.id).length - 1, 'the agent id, once per reply').to.equal(
      widget.events.filter((e) => (e.payload as { message?: { agentId?: string } }).message?.agentId === t.agent.user.id).length,
    );
    expect(widget.events.map((e) => e.topic)).to.not.include('note.created');
    const reply = widget.events.find((e) => e.seq === 2)!;
    expect(reply.payload).to.deep.include({ conversationId });
    expect((reply.payload as { message: Record<string, unknown> }).message).to.include({ author: 'agent', text: 'Happy to help!', seq: 2 });
  });

  it('gives a client that was away while 50 messages were sent all 50, in order, from its last sequence number', async () => {
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'Start');
    const first = track(await recordingSocket(t.url, '/widget', v.token));
    await first.emit('room:join', { room: conversationRoom(conversationId), afterSeq: 1 });
    await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: 'before' });
    await first.until((ev) => messageSeqs(ev, conversationId).includes(2), 'message #2');
    const lastSeen = Math.max(...messageSeqs(first.events, conversationId));
    first.close();
    for (let i = 1; i <= 50; i++)
      await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: `away ${i}` });
    const back = track(await recordingSocket(t.url, '/widget', v.token));
    const joined = await back.emit<{ events: RealtimeEnvelope[]; more: boolean }>('room:join', {
      room: conversationRoom(conversationId),
      afterSeq: lastSeen,
    });
    expect(joined.ok).to.equal(true);
    expect(joined.more).to.equal(false);
    expect(joined.events.map((e) => e.seq)).to.deep.equal(Array.from({ length: 50 }, (_, i) => lastSeen + 1 + i));
    expect(joined.events.map((e) => (e.payload as { message: { text: string } }).message.text)).to.deep.equal(
      Array.from({ length: 50 }, (_, i) => `away ${i + 1}`),
    );
    await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: 'live again' });
    await back.until((ev) => messageSeqs(ev, conversationId).includes(lastSeen + 51), 'the live message after catch-up');
  });

  it('syncs several conversations at once and refuses the ones the visitor does not own', async () => {
    const v = await openVisitor(t);
    const other = await openVisitor(t);
    const a = await startConversation(t.url, v, 'one');
    const b = await startConversation(t.url, v, 'two');
    const theirs = await startConversation(t.url, other, 'not yours');
    await sendVisitorMessage(t.url, v, b.conversationId, 'two again');
    const s = track(await recordingSocket(t.url, '/widget', v.token));
    const res = await s.emit<{ rooms: Record<string, { events: RealtimeEnvelope[] }>; denied: string[] }>('sync', {
      rooms: {
        [conversationRoom(a.conversationId)]: 0,
        [conversationRoom(b.conversationId)]: 1,
        [conversationRoom(theirs.conversationId)]: 0,
      },
    });
    expect(res.ok).to.equal(true);
    expect(res.rooms[conversationRoom(a.conversationId)]!.events.map((e) => e.seq)).to.deep.equal([1]);
    expect(res.rooms[conversationRoom(b.conversationId)]!.events.map((e) => e.seq)).to.deep.equal([2]);
    expect(res.denied).to.deep.equal([conversationRoom(theirs.conversationId)]);
    const refused = await s.emit<{ error: { code: string } }>('room:join', { room: conversationRoom(theirs.conversationId), afterSeq: 0 });
    expect(refused).to.deep.include({ ok: false });
    expect(refused.error.code).to.equal('not_found');
    const bad = await s.emit<{ error: { code: string } }>('sync', { rooms: { [conversationRoom(a.conversationId)]: -1 } });
    expect(bad.error.code).to.equal('validation_failed');
  });

  it('works over HTTP long-polling only (no WebSocket)', async () => {
    const agent = track(await recordingSocket(t.url, '/agent', t.agent.token, { transports: ['polling'] }));
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'polling here');
    const widget = track(await recordingSocket(t.url, '/widget', v.token, { transports: ['polling'] }));
    expect(widget.socket.io.engine.transport.name).to.equal('polling');
    await widget.emit('room:join', { room: conversationRoom(conversationId), afterSeq: 1 });
    await agent.until((ev) => messageSeqs(ev, conversationId).includes(1), 'the first message over polling');
    await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: 'reply over polling' });
    await widget.until((ev) => messageSeqs(ev, conversationId).includes(2), 'the reply over polling');
    expect(agent.socket.io.engine.transport.name).to.equal('polling');
  });

  it('relays typing and read receipts between visitor and agent, never notes', async () => {
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'typing test');
    const agent = track(await recordingSocket(t.url, '/agent', t.agent.token));
    const widget = track(await recordingSocket(t.url, '/widget', v.token));
    expect((await agent.emit('room:join', { room: conversationRoom(conversationId) })).ok).to.equal(true);
    expect((await widget.emit('room:join', { room: conversationRoom(conversationId) })).ok).to.equal(true);
    expect((await widget.emit('typing', { room: conversationRoom(conversationId), typing: true })).ok).to.equal(true);
    await agent.until((ev) => ev.some((e) => e.topic === 'conversation.typing' && e.room === conversationRoom(conversationId)), 'typing');
    expect(agent.events.find((e) => e.topic === 'conversation.typing')!.payload).to.deep.equal({ typing: true, by: { kind: 'visitor' } });
    expect((await agent.emit('typing', { room: conversationRoom(conversationId), typing: true })).ok).to.equal(true);
    await widget.until((ev) => ev.some((e) => e.topic === 'conversation.typing'), 'agent typing');
    expect((await widget.emit('read', { room: conversationRoom(conversationId), seq: 1 })).ok).to.equal(true);
    await agent.until((ev) => ev.some((e) => e.topic === 'conversation.read'), 'read receipt');
    const list = await fetch(`${t.url}/widget/v1/conversations`, { headers: v.headers });
    const mine = ((await list.json()) as { conversations: { id: string; visitorReadSeq: number }[] }).conversations.find(
      (c) => c.id === conversationId,
    )!;
    expect(mine.visitorReadSeq).to.equal(1);
    const notJoined = await widget.emit<{ error: { code: string } }>('typing', {
      room: conversationRoom('00000000-0000-4000-8000-000000000000'),
      typing: true,
    });
    expect(notJoined.error.code).to.equal('not_joined');
  });

  it('refuses handshakes without a token, with a forged one, and a visitor token on /agent', async () => {
    const v = await openVisitor(t);
    for (const [nsp, token] of [
      ['/agent', ''],
      ['/agent', 'not-a-jwt'],
      ['/agent', v.token],
      ['/widget', t.agent.token],
    ] as const) {
      const err = await recordingSocket(t.url, nsp, token).then(
        (s) => (s.close(), undefined),
        (e: Error & { data?: { code: string } }) => e,
      );
      expect(err, `${nsp} with ${token.slice(0, 8)}`).to.be.instanceOf(Error);
      expect(err!.data?.code).to.equal('unauthorized');
    }
  });
});
