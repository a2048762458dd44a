import { expect } from 'chai';
import { PiiVault } from '../src/pii-vault.js';

describe('PiiVault', () => {
  it('gives one datum one numbered token wherever it appears, and restores them', () => {
    const vault = new PiiVault([{ name: 'customer_no', pattern: 'CUST-\\d+' }]);
    const masked = vault.mask('a@x.org and b@y.org, again a@x.org; CUST-12; call 020 7946 0958');
    expect(masked).to.equal('[email_a] and [email_b], again [email_a]; [customer_no_a]; call [phone_a]');
    expect(vault.size).to.equal(4);
    expect(vault.restore('Write to [email_b] about [customer_no_a]; [unknown_a] stays.')).to.equal(
      'Write to b@y.org about CUST-12; [unknown_a] stays.',
    );
  });

  it('restores a token cut across streamed pieces only once it is whole', () => {
    const vault = new PiiVault();
    vault.mask('grace@example.org');
    const r = vault.restorer();
    const out = [r.push('Mail [em'), r.push('ail_'), r.push('a] now [not'), r.push(' a token'), r.flush()];
    // A `[` with no `]` is held (up to 40 characters) until the stream ends.
    expect(out).to.deep.equal(['Mail ', '', 'grace@example.org now ', '', '[not a token']);
  });
});
