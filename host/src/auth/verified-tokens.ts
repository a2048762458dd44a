import type { KeyObject } from 'node:crypto';
import { verifyToken } from './access-tokens.js';
import type { JwtKeyRing } from './jwt-keys.js';

interface Verified {
  payload: Readonly<Record<string, unknown>>;
  audience: string;
  kid: string;
  key: KeyObject;
  /** Seconds since the epoch; the token is valid while now < exp (as jsonwebtoken checks it). */
  exp: number;
}

/**
 * Tokens this host has verified (signature, algorithm, audience, issuer, times), keyed by the raw
 * token and kept until the token expires, so a session's later requests skip the HMAC and the JSON
 * decoding. Bounded: the least recently used entry goes first. Only the signature check is cached:
 * callers still ask the deny-list on every request, so a revocation takes effect at once. A hit is
 * refused when its key left the ring or was replaced (rotation), and when the token has expired.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Verified>();

  constructor(private readonly max = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  /** `verifyToken`, answered from the cache when this exact token verified before; throws like it. */
  verify(
    keys: JwtKeyRing,
    token: string,
    audience: string,
    maxLifetimeSeconds: number,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): Readonly<Record<string, unknown>> {
    return (
      this.cached(keys, token, audience, nowSeconds) ??
      this.remember(keys, token, audience, verifyToken(keys, token, audience, maxLifetimeSeconds, nowSeconds))
    );
  }

  /** This exact token's payload if it verified before for `audience`, its key is still the ring's and it has not expired. */
  cached(
    keys: JwtKeyRing,
    token: string,
    audience: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): Readonly<Record<string, unknown>> | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    this.entries.delete(token);
    if (hit.audience !== audience || hit.exp <= nowSeconds || keys.keys.get(hit.kid)?.keyObject !== hit.key) return undefined;
    this.entries.set(token, hit); // most recently used goes last
    return hit.payload;
  }

  /** Keeps a payload the caller has just verified in full (signature, algorithm, audience, issuer, times); returns it frozen. */
  remember(keys: JwtKeyRing, token: string, audience: string, verified: Record<string, unknown>): Readonly<Record<string, unknown>> {
    const payload = Object.isFrozen(verified) ? verified : Object.freeze({ ...verified });
    const kid = kidOf(token);
    const key = kid ? keys.keys.get(kid)?.keyObject : undefined;
    if (kid && key && typeof payload.exp === 'number') {
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(token, { payload, audience, kid, key, exp: payload.exp });
    }
    return payload;
  }
}

/** The `kid` of a token that has just verified (its header is valid JSON by then). */
function kidOf(token: string): string | undefined {
  const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8')) as { kid?: unknown };
  return typeof header.kid === 'string' ? header.kid : undefined;
}
