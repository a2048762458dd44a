import { expect } from 'chai';
import { conversationOf, envelopes, eventKey, unfinished, type EventEnvelope } from '../../src/realtime/event-envelope.js';

const ev = (topic: string, seq: number, payload: Record<string, unknown>): EventEnvelope => ({
  topic,
  tenantId: 't',
  room: 'conversation:c1',
  seq,
  payload,
  at: '2026-01-01T00:00:00Z',
});

describe('envelopes', () => {
  it('reads the events of a join ack and of a sync ack', () => {
    const a = ev('message.created', 1, { message: { id: 'm1' } });
    const b = ev('message.created', 2, { message: { id: 'm2' } });
    expect(envelopes({ ok: true, events: [a], more: false })).to.deep.equal([a]);
    expect(
      envelopes({
        ok: true,
        rooms: { 'conversation:c1': { events: [a, b], more: true }, 'conversation:c2': { events: [], more: false } },
        denied: [],
      }),
    ).to.deep.equal([a, b]);
    expect(
      unfinished({ ok: true, rooms: { 'conversation:c1': { events: [], more: true }, 'conversation:c2': { events: [], more: false } } }),
    ).to.deep.equal(['c1']);
    expect(envelopes({ ok: false, error: { code: 'x' } })).to.deep.equal([]);
  });
});

describe('eventKey', () => {
  it('tells apart two conversation updates sharing a sequence number, and matches a replayed message', () => {
    const first = ev('conversation.updated', 3, { conversation: { id: 'c1', tags: [] } });
    const second = ev('conversation.updated', 3, { conversation: { id: 'c1', tags: ['vip'] } });
    expect(eventKey(first)).not.to.equal(eventKey(second));
    const live = ev('message.created', 4, { message: { id: 'm4', body: 'hi' } });
    const replayed = { ...ev('message.created', 4, { message: { id: 'm4', body: 'hi' }, visibility: 'public' }), at: 'later' };
    expect(eventKey(live)).to.equal(eventKey(replayed));
  });
});

describe('conversationOf', () => {
  it("finds the conversation in the envelope's room or its payload", () => {
    expect(conversationOf({ topic: 'x', room: 'conversation:r', payload: {} })).to.equal('r');
    expect(conversationOf({ topic: 'x', payload: { conversationId: 'a' } })).to.equal('a');
    expect(conversationOf({ topic: 'x', payload: { conversation: { id: 'b' } } })).to.equal('b');
  });
});
