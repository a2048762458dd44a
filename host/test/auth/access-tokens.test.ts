import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { randomBytes, createSecretKey } from 'node:crypto';
import { CLOCK_SKEW_SECONDS, tokenTimeProblem, verifyToken, VISITOR_AUDIENCE } from '../../src/auth/access-tokens.js';
import type { JwtKeyRing } from '../../src/auth/jwt-keys.js';

const now = Math.floor(Date.now() / 1000);

describe('tokenTimeProblem', () => {
  it('accepts a token issued now that lives as long as the host issues tokens for', () => {
    expect(tokenTimeProblem({ iat: now, exp: now + 900 }, 900)).to.equal(undefined);
  });

  it('tolerates a peer clock a little ahead', () => {
    expect(tokenTimeProblem({ iat: now + CLOCK_SKEW_SECONDS - 5, exp: now + 900 }, 900)).to.equal(undefined);
  });

  it('refuses a token without exp or iat', () => {
    expect(tokenTimeProblem({ iat: now }, 900)).to.match(/no expiry/);
    expect(tokenTimeProblem({ exp: now + 60 }, 900)).to.match(/no issue time/);
  });

  it('refuses iat or nbf beyond the clock skew', () => {
    expect(tokenTimeProblem({ iat: now + 365 * 86400, exp: now + 365 * 86400 + 60 }, 900)).to.match(/future/);
    expect(tokenTimeProblem({ iat: now, nbf: now + 3600, exp: now + 3700 }, 86400)).to.match(/not valid yet/);
  });

  it('refuses a lifetime longer than the host issues', () => {
    expect(tokenTimeProblem({ iat: now, exp: now + 901 }, 900)).to.match(/longer/);
  });
});

describe('verifyToken', () => {
  const secret = randomBytes(32);
  const keys = {
    signing: { kid: 'k1', secret, keyObject: createSecretKey(secret) },
    keys: new Map([['k1', { kid: 'k1', secret, keyObject: createSecretKey(secret) }]]),
  } as unknown as JwtKeyRing;
  const sign = (claims: object) =>
    jwt.sign({ sub: 's', ...claims }, secret, { algorithm: 'HS256', keyid: 'k1', audience: VISITOR_AUDIENCE, issuer: 'bacon' });

  it('returns the claims of a well-formed visitor token', () => {
    expect(verifyToken(keys, sign({ iat: now, exp: now + 600 }), VISITOR_AUDIENCE, 3600).sub).to.equal('s');
  });

  it('throws for a rightly signed visitor token without expiry or with a year-ahead iat', () => {
    expect(() => verifyToken(keys, sign({ iat: now }), VISITOR_AUDIENCE, 3600)).to.throw(/no expiry/);
    expect(() => verifyToken(keys, sign({ iat: now + 365 * 86400, exp: now + 365 * 86400 + 60 }), VISITOR_AUDIENCE, 3600)).to.throw(
      /future/,
    );
  });
});
