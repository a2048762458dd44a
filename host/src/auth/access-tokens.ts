import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { JwtKeyRing } from './jwt-keys.js';

/** The only algorithms the host signs or accepts. `none` and asymmetric algs are refused. */
export const JWT_ALGORITHMS = ['HS256'];
export const JWT_ISSUER = 'bacon';
export const USER_AUDIENCE = 'bacon:user';
export const VISITOR_AUDIENCE = 'bacon:visitor';

/** Claims of an agent/admin access token. */
export interface AccessClaims {
  sub: string;
  tid: string;
  role: 'admin' | 'agent';
  /** The user's token_version when issued; "revoke all sessions" bumps it. */
  ver: number;
  jti: string;
  iat: number;
  exp: number;
}

/** Claims of a site visitor's token. */
export interface VisitorClaims {
  sub: string;
  tid: string;
  /** The site key the session was opened with. */
  sk: string;
  /** Identity user id, when the customer's backend signed one. */
  uid?: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface SignedToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

/** Signs with the ring's signing key (its kid in the header). */
export function signToken(keys: JwtKeyRing, audience: string, claims: Record<string, unknown>, ttlSeconds: number): SignedToken {
  const jti = randomUUID();
  const token = jwt.sign({ ...claims, jti }, keys.signing.keyObject, {
    algorithm: 'HS256',
    keyid: keys.signing.kid,
    expiresIn: ttlSeconds,
    audience,
    issuer: JWT_ISSUER,
  });
  return { token, jti, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
}

export function signAccessToken(
  keys: JwtKeyRing,
  user: { id: string; tenantId: string; role: 'admin' | 'agent'; tokenVersion: number },
  ttlSeconds: number,
): SignedToken {
  return signToken(keys, USER_AUDIENCE, { sub: user.id, tid: user.tenantId, role: user.role, ver: user.tokenVersion }, ttlSeconds);
}

/**
 * The key a token names in its `kid` header. A token without a kid, with an unknown one, or with
 * an algorithm other than the pinned ones gets no key (and so fails verification).
 */
export function keyFor(keys: JwtKeyRing, header: { alg?: string; kid?: string } | undefined): KeyObject {
  if (!header || !header.alg || !JWT_ALGORITHMS.includes(header.alg)) throw new Error('algorithm not allowed');
  if (!header.kid) throw new Error('token has no kid');
  const key = keys.keys.get(header.kid);
  if (!key) throw new Error('unknown kid');
  return key.keyObject;
}

/** How far a peer's clock may run ahead of ours when it stamps `iat`/`nbf`. */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Why a signed token's times make it unacceptable, or undefined when they are fine: every token
 * must carry `exp` and `iat`, may not claim to be issued (or valid from) in the future beyond a small
 * clock skew, and may not live longer than the host would ever have issued it for.
 */
export function tokenTimeProblem(
  payload: Record<string, unknown>,
  maxLifetimeSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | undefined {
  const { exp, iat, nbf } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'the token has no expiry (exp)';
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 'the token has no issue time (iat)';
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return 'the token claims to be issued in the future';
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + CLOCK_SKEW_SECONDS)) return 'the token is not valid yet';
  if (exp - iat > maxLifetimeSeconds) return 'the token lives longer than this host issues tokens for';
  return undefined;
}

/**
 * Verifies signature (by kid), algorithm, audience, issuer, expiry and the token's times (see
 * `tokenTimeProblem`); throws on any failure.
 */
export function verifyToken(
  keys: JwtKeyRing,
  token: string,
  audience: string,
  maxLifetimeSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  const decoded = jwt.decode(token, { complete: true }) as { header: { alg?: string; kid?: string } } | null;
  const secret = keyFor(keys, decoded?.header);
  const options = { algorithms: JWT_ALGORITHMS, audience, issuer: JWT_ISSUER, clockTimestamp: nowSeconds };
  const payload = jwt.verify(token, secret, options) as Record<string, unknown>;
  const problem = tokenTimeProblem(payload, maxLifetimeSeconds, nowSeconds);
  if (problem) throw new Error(problem);
  return payload;
}
