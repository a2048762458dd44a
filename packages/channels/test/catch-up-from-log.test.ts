import { expect } from 'chai';
import type { RealtimeEnvelope } from '@bacon/sdk';
import { conversationRoom } from '../src/public-message.js';
import { startWidgetHost, openVisitor, startConversation, recordingSocket, type WidgetTestHost } from './support/widget-host.js';

describe('realtime catch-up from the durable event log', () => {
  let t: WidgetTestHost;
  before(async () => {
    t = await startWidgetHost();
  });
  after(async () => {
    await t?.close();
  });

  it('gives an agent who was away the notes and messages it missed, and a visitor only the public ones', async () => {
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'Hi');
    const note = await fetch(`${t.url}/api/v1/conversations/${conversationId}/notes`, {
      method: 'POST',
      headers: { ...t.agent.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'internal: refund approved' }),
    });
    expect(note.status).to.equal(201);
    await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text: 'Refund on its way' });

    const agent = await recordingSocket(t.url, '/agent', t.agent.token);
    const visitor = await recordingSocket(t.url, '/widget', v.token);
    try {
      // A note carries the seq of the last message (1): ask from 0 to see it (see docs/plugins/events.md).
      const forAgent = await agent.emit<{ events: RealtimeEnvelope[] }>('room:join', {
        room: conversationRoom(conversationId),
        afterSeq: 0,
      });
      expect(forAgent.ok).to.equal(true);
      // Only the log has notes: the messages table alone would answer [message.created].
      expect(forAgent.events.map((e) => e.topic)).to.include.members(['note.created', 'message.created']);
      const forVisitor = await visitor.emit<{ events: RealtimeEnvelope[] }>('room:join', {
        room: conversationRoom(conversationId),
        afterSeq: 1,
      });
      expect(forVisitor.events.map((e) => e.topic)).to.deep.equal(['message.created']);
      expect(forVisitor.events.map((e) => e.seq)).to.deep.equal([2]);
      expect(JSON.stringify(forVisitor.events)).to.not.contain('refund approved');
    } finally {
      agent.close();
      visitor.close();
    }
  });
});
