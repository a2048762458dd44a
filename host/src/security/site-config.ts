import { createHmac, timingSafeEqual } from 'node:crypto';

/** What the host signs for a site's client: its site key, options, and an expiry (unix seconds). */
export interface SiteConfig {
  sk: string;
  exp: number;
  identityRequired: boolean;
  [option: string]: unknown;
}

export type ConfigCheck =
  { ok: true; config: SiteConfig } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'wrong_site' };

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

/** `base64url(json).base64url(hmac-sha256(site config secret, first part))`. */
export function signSiteConfig(secret: string, config: SiteConfig): string {
  const body = Buffer.from(JSON.stringify(config)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/** Checks the signature (constant time), the expiry and that it was issued for this site key. */
export function verifySiteConfig(secret: string, signed: string, siteKey: string, now = Date.now()): ConfigCheck {
  const [body, sig, extra] = signed.split('.');
  if (!body || !sig || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = mac(secret, body);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let config: SiteConfig;
  try {
    config = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SiteConfig;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (config.sk !== siteKey) return { ok: false, reason: 'wrong_site' };
  if (typeof config.exp !== 'number' || config.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, config };
}

/**
 * The identity hash a customer's backend computes for a logged-in user:
 * hex(hmac-sha256(site identity secret, userId)). The site's client passes `{userId, hash}`.
 */
export function identityHash(identitySecret: string, userId: string): string {
  return createHmac('sha256', identitySecret).update(userId).digest('hex');
}

export function verifyIdentity(identitySecret: string, userId: string, hash: string): boolean {
  const expected = Buffer.from(identityHash(identitySecret, userId), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(hash) ? Buffer.from(hash, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
