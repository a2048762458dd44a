import { expect } from 'chai';
import { conversationRoom } from '../src/public-message.js';
import type { RealtimeEnvelope } from '@bacon/sdk';
import { createTestDatabase, startTestRedis, type TestDatabase, type TestRedis } from '@bacon/host/testing';
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

// Two hosts share one database, so these run on Postgres (PGlite is one process's database) with
// a private redis-server this test may stop and start.
describe('realtime across two hosts with Redis', () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let a: WidgetTestHost;
  let b: WidgetTestHost;
  const open: RecordingSocket[] = [];
  const track = (s: RecordingSocket) => (open.push(s), s);

  before(async () => {
    db = await createTestDatabase('postgres');
    redis = await startTestRedis();
    const shared = { database: db, redis: true, redisPrefix: 'two-hosts:', config: { redisUrl: redis.url } };
    a = await startWidgetHost(shared);
    b = await startWidgetHost({ ...shared, siteKey: a.siteKey, admin: a.admin, agent: a.agent });
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('delivers a message from a visitor on host A to an agent on host B exactly once, and the reply back', async () => {
    const agent = track(await recordingSocket(b.url, '/agent', b.agent.token));
    const v = await openVisitor(a);
    const { conversationId } = await startConversation(a.url, v, 'from host A');
    const widget = track(await recordingSocket(a.url, '/widget', v.token));
    await widget.emit('room:join', { room: conversationRoom(conversationId), afterSeq: 1 });
    await sendVisitorMessage(a.url, v, conversationId, 'second');
    await agent.until((ev) => messageSeqs(ev, conversationId).includes(2), 'message #2 on host B');
    await b.inbox.sendAgentMessage(a.agent.user.tenantId, conversationId, { authorId: a.agent.user.id, text: 'from host B' });
    await widget.until((ev) => messageSeqs(ev, conversationId).includes(3), 'the reply on host A');
    // Give a duplicate (adapter and bus both fanning out) the time to show up, then count.
    await sendVisitorMessage(a.url, v, conversationId, 'marker');
    await agent.until((ev) => messageSeqs(ev, conversationId).includes(4), 'the marker');
    expect(messageSeqs(agent.events, conversationId)).to.deep.equal([1, 2, 3, 4]);
    // The visitor's own messages come back too (their other tabs follow the conversation).
    expect(messageSeqs(widget.events, conversationId)).to.deep.equal([2, 3, 4]);
  });

  it('relays typing from a visitor on host A to an agent on host B through the adapter', async () => {
    const v = await openVisitor(a);
    const { conversationId } = await startConversation(a.url, v, 'typing across hosts');
    const agent = track(await recordingSocket(b.url, '/agent', b.agent.token));
    await agent.emit('room:join', { room: conversationRoom(conversationId) });
    const widget = track(await recordingSocket(a.url, '/widget', v.token));
    await widget.emit('room:join', { room: conversationRoom(conversationId) });
    // The adapter subscribes per room asynchronously: repeat until host B's agent hears it.
    await new Promise<void>((resolve, reject) => {
      const tick = setInterval(() => void widget.emit('typing', { room: conversationRoom(conversationId), typing: true }), 100);
      agent
        .until((ev) => ev.some((e) => e.topic === 'conversation.typing' && e.room === conversationRoom(conversationId)), 'typing on host B')
        .then(
          () => (clearInterval(tick), resolve()),
          (err) => (clearInterval(tick), reject(err)),
        );
    });
  });

  it('resumes delivery after Redis restarts and fills the gap from the database', async () => {
    const v = await openVisitor(a);
    const { conversationId } = await startConversation(a.url, v, 'before the outage');
    const agent = track(await recordingSocket(b.url, '/agent', b.agent.token));
    const widget = track(await recordingSocket(a.url, '/widget', v.token));
    await widget.emit('room:join', { room: conversationRoom(conversationId), afterSeq: 1 });
    await sendVisitorMessage(a.url, v, conversationId, 'seq 2');
    await agent.until((ev) => messageSeqs(ev, conversationId).includes(2), 'message #2');

    await redis.stop();
    // Committed on host A while host B cannot hear about it, and a reply committed on host B.
    for (const text of ['seq 3', 'seq 4', 'seq 5']) await sendVisitorMessage(a.url, v, conversationId, text);
    await b.inbox.sendAgentMessage(a.agent.user.tenantId, conversationId, { authorId: a.agent.user.id, text: 'seq 6' });
    await redis.start();

    await agent.until(() => agent.syncRequired.length > 0, 'sync_required on host B', 30000);
    expect(agent.syncRequired[0]!.reason).to.equal('redis_reconnected');
    // A client syncs from the end of its unbroken run of sequence numbers (6 arrived live on B, 3-5 did not).
    const lastSeen = lastInRun(messageSeqs(agent.events, conversationId));
    expect(lastSeen).to.equal(2);
    const synced = await agent.emit<{ rooms: Record<string, { events: RealtimeEnvelope[] }> }>('sync', {
      rooms: { [conversationRoom(conversationId)]: lastSeen },
    });
    const recovered = [
      ...messageSeqs(agent.events, conversationId),
      ...synced.rooms[conversationRoom(conversationId)]!.events.map((e) => e.seq!),
    ];
    expect([...new Set(recovered)].sort((x, y) => x - y)).to.deep.equal([2, 3, 4, 5, 6]);

    await widget.until(() => widget.syncRequired.length > 0, 'sync_required on host A', 30000);
    const wLast = lastInRun([1, ...messageSeqs(widget.events, conversationId)]);
    const wSync = await widget.emit<{ rooms: Record<string, { events: RealtimeEnvelope[] }> }>('sync', {
      rooms: { [conversationRoom(conversationId)]: wLast },
    });
    const wAll = [
      ...messageSeqs(widget.events, conversationId),
      ...wSync.rooms[conversationRoom(conversationId)]!.events.map((e) => e.seq!),
    ];
    expect(wAll).to.include(6);

    // Live again: a new message reaches host B through the bus.
    await sendVisitorMessage(a.url, v, conversationId, 'seq 7');
    await agent.until((ev) => messageSeqs(ev, conversationId).includes(7), 'message #7 after the restart', 30000);
  });
});

/** The last number of the unbroken run that starts at the smallest one seen. */
function lastInRun(seqs: number[]): number {
  const set = new Set(seqs);
  let n = Math.min(...seqs);
  while (set.has(n + 1)) n++;
  return n;
}
