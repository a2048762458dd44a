import { expect } from 'chai';
import { roundRobin } from '../../src/services/round-robin.js';

describe('roundRobin', () => {
  const agents = ['c', 'a', 'b'];
  const all = () => true;

  it('starts with the first agent in id order when there is no cursor', () => {
    expect(roundRobin(agents, null, all)).to.equal('a');
  });

  it('takes the agent after the cursor and wraps around', () => {
    expect(roundRobin(agents, 'a', all)).to.equal('b');
    expect(roundRobin(agents, 'c', all)).to.equal('a');
  });

  it('continues after a cursor agent who has left the rotation', () => {
    expect(roundRobin(['a', 'c'], 'b', all)).to.equal('c');
  });

  it('skips agents who are not eligible', () => {
    expect(roundRobin(agents, 'a', (id) => id !== 'b')).to.equal('c');
  });

  it('answers undefined when nobody is eligible', () => {
    expect(roundRobin(agents, null, () => false)).to.equal(undefined);
    expect(roundRobin([], null, all)).to.equal(undefined);
  });

  it('is deterministic: the same inputs always pick the same agent', () => {
    const picks = Array.from({ length: 5 }, () => roundRobin(['x', 'y', 'z'], 'y', all));
    expect(new Set(picks)).to.deep.equal(new Set(['z']));
  });
});
