import { expect } from 'chai';
import { decideIp, parseCidr, parseIp } from '../../src/security/index.js';

const rules = (allow: string[], block: string[]) => ({ allow: allow.map((c) => parseCidr(c)!), block: block.map((c) => parseCidr(c)!) });

describe('parseCidr', () => {
  it('normalises IPv4 and IPv6 ranges and bare addresses', () => {
    expect(parseCidr('10.1.2.3/8')!.text).to.equal('10.0.0.0/8');
    expect(parseCidr('2001:DB8::1/32')!.text).to.equal('2001:db8::/32');
    expect(parseCidr('192.0.2.7')!.text).to.equal('192.0.2.7/32');
    expect(parseCidr('::1')!.text).to.equal('::1/128');
    expect(parseCidr('::ffff:10.0.0.0/104')!.text).to.equal('10.0.0.0/8');
  });

  it('refuses what is not an address or range', () => {
    for (const bad of ['', 'abc', '10.0.0.0/33', '300.1.1.1', '2001:db8::/129', '10.0.0.0/'])
      expect(parseCidr(bad), bad).to.equal(undefined);
  });
});

describe('parseIp', () => {
  it('reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(parseIp('::ffff:127.0.0.1')!.toString()).to.equal('127.0.0.1');
  });
});

describe('decideIp', () => {
  it('refuses an address in a blocked range, v4 and v6', () => {
    const r = rules([], ['203.0.113.0/24', '2001:db8::/32']);
    expect(decideIp('203.0.113.9', r)).to.deep.include({ ok: false, reason: 'blocked' });
    expect(decideIp('2001:db8:1::5', r)).to.deep.include({ ok: false, reason: 'blocked' });
    expect(decideIp('198.51.100.1', r).ok).to.equal(true);
    expect(decideIp('::ffff:203.0.113.9', r).ok, 'mapped addresses are matched as IPv4').to.equal(false);
  });

  it('in allow-list mode refuses every address outside the list', () => {
    const r = rules(['10.0.0.0/8', 'fd00::/8'], []);
    expect(decideIp('10.2.3.4', r).ok).to.equal(true);
    expect(decideIp('fd12::1', r).ok).to.equal(true);
    expect(decideIp('192.0.2.1', r)).to.deep.include({ ok: false, reason: 'not_allowed' });
    expect(decideIp('2001:db8::1', r).ok).to.equal(false);
  });

  it('lets a block rule win over an allow rule', () => {
    expect(decideIp('10.0.0.5', rules(['10.0.0.0/8'], ['10.0.0.0/24'])).ok).to.equal(false);
  });

  it('allows everything without rules', () => {
    expect(decideIp('192.0.2.1', rules([], [])).ok).to.equal(true);
  });
});
