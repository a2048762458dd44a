import { expect } from 'chai';
import {
  startWidgetHost,
  openVisitor,
  startConversation,
  sendVisitorMessage,
  recordingSocket,
  type WidgetTestHost,
  type Visitor,
} from './support/widget-host.js';
import { conversationRoom } from '../src/public-message.js';

describe('what the visitor sees of the team: agent name and avatar, delivered and seen marks', () => {
  let t: WidgetTestHost;
  let v: Visitor;
  const widget = (path: string, visitor: Visitor = v) => fetch(`${t.url}/widget/v1${path}`, { headers: visitor.headers });
  const receipts = (conversationId: string, body: unknown) =>
    fetch(`${t.url}/api/v1/channels/conversations/${conversationId}/receipts`, {
      method: 'POST',
      headers: { ...t.agent.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    t = await startWidgetHost();
    v = await openVisitor(t);
  });
  after(async () => {
    await t?.close();
  });

  it("names the agent on their replies, with the profile's name and avatar", async () => {
    const avatar = 'https://cdn.example.test/kim.png';
    const me = await fetch(`${t.url}/api/v1/auth/me`, {
      method: 'PATCH',
      headers: { ...t.agent.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kim Lee', avatarUrl: avatar }),
    });
    expect(me.status).to.equal(200);
    const { conversationId } = await startConversation(t.url, v, 'who is there?');
    await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: 'Kim here' });
    const page = (await (await widget(`/conversations/${conversationId}/messages`)).json()) as {
      messages: { author: string; agentId?: string }[];
    };
    const reply = page.messages.find((m) => m.author === 'agent')!;
    expect(reply.agentId).to.equal(t.agent.user.id);
    const profile = await widget(`/agents/${reply.agentId}`);
    expect(profile.status).to.equal(200);
    expect(await profile.json()).to.deep.equal({ name: 'Kim Lee', avatarUrl: avatar });
    expect((await widget('/agents/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
  });

  it('moves delivered and seen forward only, tells the visitor live, and answers them with the transcript', async () => {
    const { conversationId } = await startConversation(t.url, v, 'first');
    await sendVisitorMessage(t.url, v, conversationId, 'second');
    const socket = await recordingSocket(t.url, '/widget', v.token);
    try {
      const joined = await socket.emit<{ ok: boolean }>('room:join', { room: conversationRoom(conversationId), afterSeq: 2 });
      expect(joined.ok).to.equal(true);
      expect((await receipts(conversationId, { delivered: 2 })).status).to.equal(204);
      await socket.until((e) => e.some((x) => x.topic === 'conversation.receipts'), 'the delivered mark');
      expect(socket.events.find((x) => x.topic === 'conversation.receipts')!.payload).to.deep.equal({
        conversationId,
        deliveredSeq: 2,
        seenSeq: 0,
      });
      // Seen up to 1, then an older mark: nothing goes back; a seq past the last message is capped.
      expect((await receipts(conversationId, { seen: 1 })).status).to.equal(204);
      expect((await receipts(conversationId, { seen: 0, delivered: 1 })).status).to.equal(204);
      expect((await receipts(conversationId, { seen: 99 })).status).to.equal(204);
      await socket.until((e) => e.some((x) => x.topic === 'conversation.receipts' && (x.payload as { seenSeq: number }).seenSeq === 2));
      const page = (await (await widget(`/conversations/${conversationId}/messages`)).json()) as { receipts: unknown };
      expect(page.receipts).to.deep.equal({ deliveredSeq: 2, seenSeq: 2 });
    } finally {
      socket.close();
    }
  });

  it('refuses an empty or negative mark and an unknown conversation', async () => {
    const { conversationId } = await startConversation(t.url, v, 'third');
    expect((await receipts(conversationId, {})).status).to.equal(400);
    expect((await receipts(conversationId, { seen: -1 })).status).to.equal(400);
    expect((await receipts('00000000-0000-4000-8000-000000000000', { seen: 1 })).status).to.equal(404);
  });
});
