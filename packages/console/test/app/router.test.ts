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
    ]) {
      expect(hrefFor(parseRoute(hash))).to.equal(hash);
    }
  });

  it('falls back to the inbox for anything unknown', () => {
    expect(parseRoute('')).to.deep.equal({ name: 'queue' });
    expect(parseRoute('#/nowhere')).to.deep.equal({ name: 'queue' });
  });
});
