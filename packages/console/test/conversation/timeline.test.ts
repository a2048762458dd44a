import { expect } from 'chai';
import type { Message, Note } from '@bacon/inbox-contract';
import { buildTimeline, mergeMessages } from '../../src/conversation/timeline.js';
import type { OutboxItem } from '../../src/outbox/outbox.js';

const msg = (seq: number, at: string): Message => ({
  id: `m${seq}`,
  tenantId: 't',
  conversationId: 'c',
  seq,
  authorKind: 'contact',
  authorId: null,
  body: `m${seq}`,
  payload: null,
  channel: 'web',
  externalId: null,
  createdAt: at,
});
const note = (id: string, at: string): Note => ({
  id,
  tenantId: 't',
  conversationId: 'c',
  authorId: 'a',
  body: id,
  mentions: [],
  createdAt: at,
  updatedAt: at,
});

describe('buildTimeline', () => {
  it('orders messages by sequence, slots notes in by time and puts queued replies last', () => {
    const q: OutboxItem = { id: 'o1', conversationId: 'c', body: 'later', createdAt: '2026-01-01T00:00:00Z', state: 'pending' };
    const items = buildTimeline(
      [msg(2, '2026-01-01T10:02:00Z'), msg(1, '2026-01-01T10:00:00Z')],
      [note('n1', '2026-01-01T10:01:00Z'), note('n2', '2026-01-01T10:05:00Z')],
      [q],
    );
    expect(items.map((i) => i.key)).to.deep.equal(['m-m1', 'n-n1', 'm-m2', 'n-n2', 'o-o1']);
  });

  it('hides notes older than the oldest loaded message until that page is loaded', () => {
    const items = buildTimeline([msg(5, '2026-01-01T10:00:00Z')], [note('old', '2026-01-01T09:00:00Z')], []);
    expect(items.map((i) => i.key)).to.deep.equal(['m-m5']);
  });
});

describe('mergeMessages', () => {
  it('merges pages and live events without duplicates, by sequence', () => {
    const out = mergeMessages([msg(3, 'x'), msg(4, 'x')], [msg(1, 'x'), msg(2, 'x'), msg(3, 'x')]);
    expect(out.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4]);
  });
});
