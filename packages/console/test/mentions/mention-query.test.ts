import { expect } from 'chai';
import { filterMentionable, insertMention, mentionAt, mentionsIn } from '../../src/mentions/mention-query.js';

const bea = { id: 'b', name: 'Bea Stone' };
const ben = { id: 'n', name: 'Ben Amos' };
const cal = { id: 'c', name: 'Cal Obeng' };

describe('mention picking', () => {
  it('finds the @word before the caret, at the start or after a space only', () => {
    expect(mentionAt('Ask @be', 7)).to.deep.equal({ start: 4, query: 'be' });
    expect(mentionAt('@', 1)).to.deep.equal({ start: 0, query: '' });
    expect(mentionAt('mail me@example', 15)).to.equal(undefined);
    expect(mentionAt('Ask @be now', 11)).to.equal(undefined);
  });

  it('offers people whose name has a word starting with the query first', () => {
    expect(filterMentionable([cal, bea, ben], 'be').map((p) => p.id)).to.deep.equal(['b', 'n', 'c']);
    expect(filterMentionable([cal, bea, ben], 'ob').map((p) => p.id)).to.deep.equal(['c']);
    expect(filterMentionable([cal, bea, ben], '')).to.have.length(3);
  });

  it('inserts the name and keeps only the picked people still named when sent', () => {
    const out = insertMention('Ask @be about it', { start: 4, query: 'be' }, bea);
    expect(out).to.deep.equal({ text: 'Ask @Bea Stone  about it', caret: 15 });
    expect(mentionsIn(out.text, [bea, ben])).to.deep.equal(['b']);
    expect(mentionsIn('nobody here', [bea])).to.deep.equal([]);
  });
});
