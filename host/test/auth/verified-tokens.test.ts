import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { randomBytes, createSecretKey, randomUUID } from 'node:crypto';
import { USER_AUDIENCE, VISITOR_AUDIENCE } from '../../src/auth/access-tokens.js';
import { VerifiedTokens } from '../../src/auth/verified-tokens.js';
import type { JwtKeyRing } from '../../src/auth/jwt-keys.js';

const ring = (...kids: [string, Buffer][]) =>
  ({
    signing: { kid: kids[0]![0], secret: kids[0]![1], keyObject: createSecretKey(kids[0]![1]) },
    keys: new Map(kids.map(([kid, secret]) => [kid, { kid, secret, keyObject: createSecretKey(secret) }])),
  }) as unknown as JwtKeyRing;

describe('VerifiedTokens', () => {
  const secret = randomBytes(32);
  const keys = ring(['k1', secret]);
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: object = {}, kid = 'k1', key = secret) =>
    jwt.sign({ sub: 's', jti: randomUUID(), iat: now, exp: now + 600, ...claims }, key, {
      algorithm: 'HS256',
      keyid: kid,
      audience: VISITOR_AUDIENCE,
      issuer: 'bacon',
    });

  it('answers a token it verified before from the cache, with the same claims', () => {
    const cache = new VerifiedTokens();
    const token = sign({ sub: 'visitor-1' });
    const first = cache.verify(keys, token, VISITOR_AUDIENCE, 900);
    expect(first.sub).to.equal('visitor-1');
    expect(cache.size).to.equal(1);
    const again = cache.verify(keys, token, VISITOR_AUDIENCE, 900);
    expect(again, 'the cached payload, not a second verification').to.equal(first);
    expect(Object.isFrozen(again)).to.equal(true);
  });

  it('refuses a cached token once it has expired', () => {
    const cache = new VerifiedTokens();
    const token = sign();
    cache.verify(keys, token, VISITOR_AUDIENCE, 900);
    expect(() => cache.verify(keys, token, VISITOR_AUDIENCE, 900, now + 600)).to.throw(/expired/);
  });

  it('refuses a cached token whose key left the ring or was replaced', () => {
    const cache = new VerifiedTokens();
    const token = sign();
    cache.verify(keys, token, VISITOR_AUDIENCE, 900);
    expect(() => cache.verify(ring(['k2', randomBytes(32)]), token, VISITOR_AUDIENCE, 900)).to.throw(/unknown kid/);
    cache.verify(keys, token, VISITOR_AUDIENCE, 900);
    expect(() => cache.verify(ring(['k1', randomBytes(32)]), token, VISITOR_AUDIENCE, 900)).to.throw(/signature/);
  });

  it('refuses a cached token for another audience', () => {
    const cache = new VerifiedTokens();
    const token = sign();
    cache.verify(keys, token, VISITOR_AUDIENCE, 900);
    expect(() => cache.verify(keys, token, USER_AUDIENCE, 900)).to.throw(/audience/);
  });

  it('never caches a token that fails verification', () => {
    const cache = new VerifiedTokens();
    const forged = sign({}, 'k1', randomBytes(32));
    expect(() => cache.verify(keys, forged, VISITOR_AUDIENCE, 900)).to.throw(/signature/);
    expect(() => cache.verify(keys, forged, VISITOR_AUDIENCE, 900)).to.throw(/signature/);
    expect(cache.size).to.equal(0);
  });

  it('keeps at most its bound, dropping the least recently used', () => {
    const cache = new VerifiedTokens(2);
    const [a, b, c] = [sign(), sign(), sign()];
    const pa = cache.verify(keys, a, VISITOR_AUDIENCE, 900);
    const pb = cache.verify(keys, b, VISITOR_AUDIENCE, 900);
    cache.verify(keys, a, VISITOR_AUDIENCE, 900); // a is now the most recent
    cache.verify(keys, c, VISITOR_AUDIENCE, 900); // b goes
    expect(cache.size).to.equal(2);
    expect(cache.verify(keys, a, VISITOR_AUDIENCE, 900)).to.equal(pa);
    expect(cache.verify(keys, b, VISITOR_AUDIENCE, 900)).to.not.equal(pb);
  });
});
