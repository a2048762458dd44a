import jwt from 'jsonwebtoken';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthUser } from '@bacon/sdk';
import type { TestHost } from '../../src/testing/index.js';
import { authRuntime } from '../../src/auth/index.js';
import { USER_AUDIENCE } from '../../src/auth/access-tokens.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * Tokens that must never authenticate: each looks like one of `user`'s tokens but is expired,
 * signed with a secret the host does not have, unsigned (`alg: none`), signed under a kid the host
 * does not know, with an algorithm the host does not accept, or without a kid; or rightly signed
 * but without an expiry, issued or valid from a year ahead, or living far longer than the host issues.
 */
export function badTokens(host: TestHost, user: AuthUser): Record<string, string> {
  const keys = authRuntime(host).keys;
  const claims = { sub: user.id, tid: user.tenantId, role: user.role, ver: 0, jti: randomUUID() };
  const now = Math.floor(Date.now() / 1000);
  const opts = { audience: USER_AUDIENCE, issuer: 'bacon' };
  return {
    expired: jwt.sign({ ...claims, iat: now - 3600, exp: now - 60 }, keys.signing.secret, {
      ...opts,
      algorithm: 'HS256',
      keyid: keys.signing.kid,
    }),
    forged: jwt.sign(claims, randomBytes(48), { ...opts, algorithm: 'HS256', keyid: keys.signing.kid, expiresIn: 600 }),
    'none-alg': `${b64({ alg: 'none', typ: 'JWT', kid: keys.signing.kid })}.${b64({ ...claims, aud: USER_AUDIENCE, iss: 'bacon', iat: now, exp: now + 600 })}.`,
    'wrong-kid': jwt.sign(claims, keys.signing.secret, { ...opts, algorithm: 'HS256', keyid: 'no-such-kid', expiresIn: 600 }),
    'unexpected-alg': jwt.sign(claims, keys.signing.secret, { ...opts, algorithm: 'HS512', keyid: keys.signing.kid, expiresIn: 600 }),
    'no-kid': jwt.sign(claims, keys.signing.secret, { ...opts, algorithm: 'HS256', expiresIn: 600 }),
    'no-exp': jwt.sign({ ...claims, iat: now }, keys.signing.secret, { ...opts, algorithm: 'HS256', keyid: keys.signing.kid }),
    'iat-in-a-year': jwt.sign({ ...claims, iat: now + 365 * 86400, exp: now + 365 * 86400 + 600 }, keys.signing.secret, {
      ...opts,
      algorithm: 'HS256',
      keyid: keys.signing.kid,
    }),
    'nbf-in-a-year': jwt.sign({ ...claims, iat: now, nbf: now + 365 * 86400, exp: now + 365 * 86400 + 600 }, keys.signing.secret, {
      ...opts,
      algorithm: 'HS256',
      keyid: keys.signing.kid,
    }),
    'lives-ten-years': jwt.sign({ ...claims, iat: now, exp: now + 10 * 365 * 86400 }, keys.signing.secret, {
      ...opts,
      algorithm: 'HS256',
      keyid: keys.signing.kid,
    }),
    'wrong-audience': jwt.sign(claims, keys.signing.secret, {
      audience: 'bacon:visitor',
      issuer: 'bacon',
      algorithm: 'HS256',
      keyid: keys.signing.kid,
      expiresIn: 600,
    }),
  };
}
