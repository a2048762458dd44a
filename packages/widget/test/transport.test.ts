import { expect } from 'chai';
import { redialDelay } from '../src/transport.js';

describe('widget transport redial backoff', () => {
  it('doubles from 0.5 s, is capped at 15 s, and draws each delay between half and all of it', () => {
    expect([0, 1, 2, 3].map((a) => redialDelay(a, () => 1))).to.deep.equal([500, 1000, 2000, 4000]);
    expect(redialDelay(0, () => 0)).to.equal(250);
    expect(redialDelay(10, () => 1)).to.equal(15_000);
    expect(redialDelay(10_000, () => 0)).to.equal(7_500);
    const drawn = new Set(Array.from({ length: 50 }, () => redialDelay(3)));
    expect(drawn.size, 'jittered').to.be.greaterThan(1);
    for (const d of drawn) expect(d).to.be.within(2000, 4000);
  });
});
