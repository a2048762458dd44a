import { expect } from 'chai';
import type { Conversation } from '../../src/api/types.js';
import { emptyBoard, loadColumn, upsert } from '../../src/queue/board-state.js';
import { columnOf, matchesFilters } from '../../src/queue/queue-columns.js';

const ME = 'me';
let n = 0;
function conv(patch: Partial<Conversation> = {}): Conversation {
  n++;
  return {
    id: `c${n}`,
    tenantId: 't',
    contactId: 'k',
    channel: 'web',
    externalId: null,
    state: 'new',
    assigneeId: null,
    priority: 'none',
    subject: null,
    tags: [],
    snoozedUntil: null,
    waitingSince: null,
    firstInboundAt: null,
    firstResponseAt: null,
    lastMessageAt: null,
    closedAt: null,
    lastSeq: 1,
    preview: 'hi',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
    ...patch,
  };
}

describe('columnOf', () => {
  it('splits assigned conversations into mine and everyone else’s', () => {
    expect(columnOf(conv({ state: 'assigned', assigneeId: ME }), ME)).to.equal('mine');
    expect(columnOf(conv({ state: 'assigned', assigneeId: 'other' }), ME)).to.equal('assigned');
    expect(columnOf(conv({ state: 'snoozed' }), ME)).to.equal('snoozed');
  });
});

describe('upsert', () => {
  it('adds a new conversation to its column and counts it', () => {
    const c = conv();
    const b = upsert(emptyBoard(), c, ME, true);
    expect(b.columns.new).to.deep.include({ ids: [c.id], count: 1 });
  });

  it('moves a conversation between columns, keeping both counts right', () => {
    const c = conv();
    let b = loadColumn(emptyBoard(), 'new', [c, conv()], undefined, false, ME);
    expect(b.columns.new.count).to.equal(2);
    b = upsert(b, { ...c, state: 'assigned', assigneeId: ME, updatedAt: '2027-01-01T00:00:00.000Z' }, ME, true);
    expect(b.columns.new.count).to.equal(1);
    expect(b.columns.mine).to.deep.include({ ids: [c.id], count: 1 });
  });

  it('ignores a version older than the one it holds (events can arrive late)', () => {
    const c = conv({ updatedAt: '2027-01-01T00:00:00.000Z', state: 'closed' });
    let b = upsert(emptyBoard(), c, ME, true);
    b = upsert(b, { ...c, state: 'new', updatedAt: '2026-06-01T00:00:00.000Z' }, ME, true);
    expect(b.columns.closed.ids).to.deep.equal([c.id]);
    expect(b.columns.new.ids).to.deep.equal([]);
  });

  it('drops a conversation that no longer passes the filters', () => {
    const c = conv();
    let b = upsert(emptyBoard(), c, ME, true);
    b = upsert(b, { ...c, updatedAt: '2027-01-01T00:00:00.000Z' }, ME, false);
    expect(b.columns.new).to.deep.include({ ids: [], count: 0 });
  });

  it('keeps only other agents’ conversations in the Assigned column when loading', () => {
    const b = loadColumn(
      emptyBoard(),
      'assigned',
      [conv({ state: 'assigned', assigneeId: ME }), conv({ state: 'assigned', assigneeId: 'x' })],
      undefined,
      false,
      ME,
    );
    expect(b.columns.assigned.count).to.equal(1);
  });
});

describe('matchesFilters', () => {
  it('matches tag, channel and search text', () => {
    const c = conv({ tags: ['vip'], channel: 'web', preview: 'Where is my order?' });
    expect(matchesFilters(c, { q: '', tag: 'vip', channel: 'web' })).to.equal(true);
    expect(matchesFilters(c, { q: 'order', tag: '', channel: '' })).to.equal(true);
    expect(matchesFilters(c, { q: 'refund', tag: '', channel: '' })).to.equal(false);
    expect(matchesFilters(c, { q: '', tag: 'billing', channel: '' })).to.equal(false);
    expect(matchesFilters(c, { q: '', tag: '', channel: 'email' })).to.equal(false);
  });
});
