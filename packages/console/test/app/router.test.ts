import { expect } from 'chai';
import { hrefFor, parseRoute } from '../../src/app/router.js';

describe('parseRoute', () => {
  it('reads every page from the hash and writes it back the same', () => {
    for (const hash of [
      '#/inbox',
      '#/inbox/abc',
      '#/admin/users',
      '#/admin/site-keys',
      '#/admin/ip-rules',
      '#/admin/audit-log',
      '#/admin/retention',
      '#/admin/parked-events',
      '#/admin/plugins',
      '#/admin/plugins/shopify',
      '#/admin/automation',
      '#/shortcuts',
      '#/contacts',
      '#/contacts/abc',
      '#/inbox/abc?seq=12',
      '#/search?q=late%20parcel',
    ]) {
      expect(hrefFor(parseRoute(hash))).to.equal(hash);
    }
  });

  it('reads a search hit’s message and ignores a seq that is not a positive integer', () => {
    expect(parseRoute('#/inbox/abc?seq=7')).to.deep.equal({ name: 'conversation', id: 'abc', seq: 7 });
    expect(parseRoute('#/inbox/abc?seq=-1')).to.deep.equal({ name: 'conversation', id: 'abc' });
    expect(parseRoute('#/search?q=a%26b')).to.deep.equal({ name: 'search', q: 'a&b' });
  });

  it('falls back to the inbox for anything unknown', () => {
    expect(parseRoute('')).to.deep.equal({ name: 'queue' });
    expect(parseRoute('#/nowhere')).to.deep.equal({ name: 'queue' });
  });
});
