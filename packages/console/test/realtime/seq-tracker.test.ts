import { expect } from 'chai';
import { SeqTracker } from '../../src/realtime/seq-tracker.js';

describe('SeqTracker', () => {
  it('accepts each event once, however many events share a sequence number', () => {
    const t = new SeqTracker();
    expect(t.accept('c1', 3, 'message.created|3|m1')).to.equal(true);
    expect(t.accept('c1', 3, 'conversation.updated|3|t1')).to.equal(true);
    expect(t.accept('c1', 3, 'message.created|3|m1')).to.equal(false);
    expect(t.lastSeq('c1')).to.equal(3);
  });

  it('remembers the highest sequence number per conversation for sync', () => {
    const t = new SeqTracker();
    t.accept('c1', 2, 'a');
    t.accept('c1', 1, 'b');
    t.accept('c2', 7, 'c');
    expect(t.snapshot()).to.deep.equal({ c1: 2, c2: 7 });
    expect(t.snapshot(['c2', 'c3'])).to.deep.equal({ c2: 7, c3: 0 });
  });

  it('lets events without a conversation through untracked', () => {
    const t = new SeqTracker();
    expect(t.accept(undefined, 5, 'x')).to.equal(true);
    expect(t.accept(undefined, 5, 'x')).to.equal(true);
    expect(t.snapshot()).to.deep.equal({});
  });

  it('forgets the oldest keys beyond its memory', () => {
    const t = new SeqTracker(2);
    t.accept('c', 1, 'a');
    t.accept('c', 2, 'b');
    t.accept('c', 3, 'c');
    expect(t.accept('c', 1, 'a')).to.equal(true);
    expect(t.accept('c', 3, 'c')).to.equal(false);
  });
});
