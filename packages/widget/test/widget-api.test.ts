import { expect } from 'chai';
import { readSignedConfig } from '../src/widget-api.js';

const sign = (config: object) => `${Buffer.from(JSON.stringify(config)).toString('base64url')}.c2lnbmF0dXJl`;

describe('readSignedConfig', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads a config issued for this site key that has not expired', () => {
    const config = { sk: 'sk_abcdefghijkl', exp: now / 1000 + 60, identityRequired: false };
    expect(readSignedConfig(sign(config), 'sk_abcdefghijkl', now)).to.deep.equal(config);
  });

  it('refuses a config for another site, an expired one and a malformed one', () => {
    expect(() => readSignedConfig(sign({ sk: 'sk_other_site_1', exp: now / 1000 + 60 }), 'sk_abcdefghijkl', now)).to.throw(/another site/);
    expect(() => readSignedConfig(sign({ sk: 'sk_abcdefghijkl', exp: now / 1000 - 1 }), 'sk_abcdefghijkl', now)).to.throw(/expired/);
    expect(() => readSignedConfig('no-signature', 'sk_abcdefghijkl', now)).to.throw(/Malformed/);
    expect(() => readSignedConfig('a.b.c', 'sk_abcdefghijkl', now)).to.throw(/Malformed/);
  });
});
