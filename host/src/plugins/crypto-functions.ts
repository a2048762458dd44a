import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { CRYPTO_LIMITS, type DigestEncoding, type HashAlgorithm } from '@bacon/sdk';
import type { HostFunctionEntry } from './host-function-entry.js';
import { SandboxErrors } from './plugin-errors.js';

const ALGORITHMS: readonly HashAlgorithm[] = ['sha1', 'sha256', 'sha512'];
const ENCODINGS: readonly DigestEncoding[] = ['hex', 'base64'];

const invalid = (message: string) => SandboxErrors.invalidArgument(undefined, message);
const tooLarge = (message: string) => SandboxErrors.valueTooLarge(undefined, message);

function algorithm(fn: string, v: unknown): HashAlgorithm {
  if (!ALGORITHMS.includes(v as HashAlgorithm)) throw invalid(`${fn}: the algorithm is one of ${ALGORITHMS.join(', ')}`);
  return v as HashAlgorithm;
}

function encoding(fn: string, v: unknown): DigestEncoding {
  if (v === undefined || v === null) return 'hex';
  if (!ENCODINGS.includes(v as DigestEncoding)) throw invalid(`${fn}: the encoding is one of ${ENCODINGS.join(', ')}`);
  return v as DigestEncoding;
}

/** A UTF-8 string argument no longer than `max` bytes. */
function text(fn: string, what: string, v: unknown, max: number): Buffer {
  if (typeof v !== 'string') throw invalid(`${fn}: the ${what} is a string`);
  // Cheap bound first: a string's UTF-8 is at most 3 bytes per UTF-16 unit.
  if (v.length > max) throw tooLarge(`${fn}: the ${what} is longer than ${max} bytes`);
  const b = Buffer.from(v, 'utf8');
  if (b.length > max) throw tooLarge(`${fn}: the ${what} is longer than ${max} bytes`);
  return b;
}

/**
 * `ctx.crypto`: needs no grant (it reaches no data and no network). Every argument is checked and
 * bounded by `CRYPTO_LIMITS`; a bad one is `invalid_argument`, an oversized one `value_too_large`.
 */
export const CRYPTO_FUNCTIONS: readonly HostFunctionEntry[] = [
  {
    name: 'crypto.hmac',
    capability: null,
    run(_s, [alg, key, data, enc]) {
      const fn = 'crypto.hmac';
      const k = text(fn, 'key', key, CRYPTO_LIMITS.keyBytes);
      return createHmac(algorithm(fn, alg), k)
        .update(text(fn, 'data', data, CRYPTO_LIMITS.dataBytes))
        .digest(encoding(fn, enc));
    },
  },
  {
    name: 'crypto.hash',
    capability: null,
    run(_s, [alg, data, enc]) {
      const fn = 'crypto.hash';
      return createHash(algorithm(fn, alg))
        .update(text(fn, 'data', data, CRYPTO_LIMITS.dataBytes))
        .digest(encoding(fn, enc));
    },
  },
  {
    name: 'crypto.timingSafeEqual',
    capability: null,
    run(_s, [a, b]) {
      const fn = 'crypto.timingSafeEqual';
      const x = text(fn, 'first string', a, CRYPTO_LIMITS.compareBytes);
      const y = text(fn, 'second string', b, CRYPTO_LIMITS.compareBytes);
      // Equal-length digests compare in constant time whatever the inputs' lengths.
      const dx = createHash('sha256').update(x).digest();
      const dy = createHash('sha256').update(y).digest();
      return timingSafeEqual(dx, dy) && x.length === y.length;
    },
  },
  {
    name: 'crypto.randomBytes',
    capability: null,
    run(_s, [size, enc]) {
      const fn = 'crypto.randomBytes';
      if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > CRYPTO_LIMITS.randomBytes)
        throw invalid(`${fn}: the size is an integer from 1 to ${CRYPTO_LIMITS.randomBytes}`);
      return randomBytes(size as number).toString(encoding(fn, enc));
    },
  },
  { name: 'crypto.randomUUID', capability: null, run: () => randomUUID() },
];
