import { expect } from 'chai';
import { clientIp } from '../../src/security/index.js';

const ctx = (peer: string, xff?: string) => ({
  get: (h: string) => (h.toLowerCase() === 'x-forwarded-for' ? (xff ?? '') : ''),
  req: { socket: { remoteAddress: peer } },
});

describe('clientIp', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientIp(ctx('::ffff:192.0.2.10', '203.0.113.5'), 0)).to.equal('192.0.2.10');
  });

  it('takes the address the trusted proxy saw, never what the client wrote before it', () => {
    // client wrote "1.1.1.1"; the one proxy appended the real client address
    expect(clientIp(ctx('10.0.0.2', '1.1.1.1, 203.0.113.5'), 1)).to.equal('203.0.113.5');
    expect(clientIp(ctx('10.0.0.2', '203.0.113.5'), 1)).to.equal('203.0.113.5');
  });

  it('walks back as many hops as there are trusted proxies', () => {
    expect(clientIp(ctx('10.0.0.3', 'spoofed, 203.0.113.5, 10.0.0.2'), 2)).to.equal('203.0.113.5');
  });

  it('falls back to the peer when the header is missing or malformed', () => {
    expect(clientIp(ctx('192.0.2.10'), 1)).to.equal('192.0.2.10');
    expect(clientIp(ctx('192.0.2.10', 'not-an-ip'), 1)).to.equal('192.0.2.10');
  });
});
