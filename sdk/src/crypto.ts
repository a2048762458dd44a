/**
 * `ctx.crypto`: host-backed cryptography for plugins in both tiers, available without a grant (it
 * reaches nothing). Strings in are UTF-8; digests and random bytes come back as hex or base64.
 * Enough to check providers' webhook signatures (Twilio's HMAC-SHA1, Meta's and Shopify's
 * HMAC-SHA256) without shipping a crypto library into the isolate.
 */
export type HashAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type DigestEncoding = 'hex' | 'base64';

/** Limits the host holds every crypto call to (bytes of UTF-8 / of output). */
export const CRYPTO_LIMITS = Object.freeze({
  /** Largest message `hmac` and `hash` accept (a webhook body, with room). */
  dataBytes: 1024 * 1024,
  /** Largest HMAC key. */
  keyBytes: 4096,
  /** Largest string `timingSafeEqual` compares. */
  compareBytes: 65536,
  /** Most random bytes one call hands out. */
  randomBytes: 1024,
});

export interface PluginCrypto {
  /** HMAC of `data` keyed by `key`, encoded (default `hex`). */
  hmac(algorithm: HashAlgorithm, key: string, data: string, encoding?: DigestEncoding): Promise<string>;
  /** Digest of `data`, encoded (default `hex`). */
  hash(algorithm: HashAlgorithm, data: string, encoding?: DigestEncoding): Promise<string>;
  /** Whether two strings are equal, in time that does not depend on where they differ. */
  timingSafeEqual(a: string, b: string): Promise<boolean>;
  /** `size` (1 to 1024) cryptographically random bytes, encoded (default `hex`). */
  randomBytes(size: number, encoding?: DigestEncoding): Promise<string>;
  /** A random RFC 4122 version 4 UUID. */
  randomUUID(): Promise<string>;
}
