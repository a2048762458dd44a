import { Invalid } from '../errors.js';
import { cardNumberPlausible } from './card-number-plausible.js';
import { ibanValid } from './iban-valid.js';

/** The kinds of personal data the masker knows without help. */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban';

export const PII_KINDS: readonly PiiKind[] = ['email', 'iban', 'card', 'phone'];

/** A tenant's own pattern (a customer number, a national id...): masked as `[name]`. */
export interface PiiPattern {
  /** `^[a-z][a-z0-9_]{0,31}$`, not one of the built-in kinds. */
  name: string;
  /** A JavaScript regular expression source, at most 200 characters, that cannot match "". */
  pattern: string;
  /** Any of `i`, `m`, `u`, `s` (`g` is always added). */
  flags?: string;
}

export interface PiiMaskOptions {
  /** Built-in kinds to mask; all of them when left out. */
  kinds?: readonly PiiKind[];
  custom?: readonly PiiPattern[];
  /**
   * The token put in place of each datum found (default `[kind]`, the pattern's name for a custom
   * one). A reversible masker numbers them (`[email_a]`) and keeps the originals; a token must hold
   * no digit and no `@`, so a later pass never re-reads it.
   */
  token?: (kind: string, value: string) => string;
}

export interface PiiMasker {
  /** `text` with every personal datum found replaced by its token (`[email]`, `[card]`...). */
  mask(text: string): string;
  /** A copy of `value` with every string in it (not the keys) masked; other values kept. */
  maskDeep<T>(value: T): T;
}

const EMAIL = /(?<![\w.+%'-])[\w.+%'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Country code, check digits, then 11 to 30 letters or digits, optionally grouped by spaces.
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gi;
// A bare run of 13-19 digits, or 4-4-4-(1..7) groups, or Amex's 4-6-5, separated by a space or a dash.
const CARD = /(?<![\d.+])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{4,5})(?![\d]|[.,]\d)/g;
// Digit groups with one separator between them; unambiguous, so it cannot backtrack badly.
const PHONE = /(?<![\w+@./-])\+?(?:\(\d{1,5}\)[ .-]?)?\d+(?:[ .-]\(?\d+\)?)*(?![\w@]|[./-]\d)/g;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})(?:\D|$)/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** True when a phone-shaped candidate reads as a phone number rather than a date, an id or an address. */
function phonePlausible(s: string): boolean {
  const digits = s.replace(/\D/g, '');
  const plus = s.startsWith('+');
  if (digits.length > 15 || digits.length < (plus ? 8 : 9)) return false;
  if (DATE_LIKE.test(s) || IPV4.test(s)) return false;
  // A bare run of digits is an order or account number unless it carries a trunk prefix.
  return plus || /[ .()-]/.test(s) || s.startsWith('0');
}

/** The IBAN at the start of a candidate (the shortest prefix passing the length and mod-97 checks), if any. */
function ibanAt(candidate: string): string | undefined {
  let compact = 0;
  for (let i = 0; i < candidate.length; i++) {
    if (candidate[i] !== ' ' && ++compact >= 15 && ibanValid(candidate.slice(0, i + 1))) return candidate.slice(0, i + 1);
  }
  return undefined;
}

const NAME = /^[a-z][a-z0-9_]{0,31}$/;

/** Compiles a tenant's pattern, refusing (400 `invalid_input`) one that is malformed or matches "". */
export function compilePiiPattern(p: PiiPattern): RegExp {
  if (!p || typeof p.name !== 'string' || !NAME.test(p.name) || (PII_KINDS as readonly string[]).includes(p.name))
    throw Invalid('A PII pattern name is 1-32 lowercase letters, digits or _, not a built-in kind.', { field: 'name' });
  if (typeof p.pattern !== 'string' || !p.pattern || p.pattern.length > 200)
    throw Invalid('A PII pattern is a regular expression of 1 to 200 characters.', { field: 'pattern' });
  const flags = p.flags ?? '';
  if (!/^[imsu]*$/.test(flags)) throw Invalid('PII pattern flags are any of i, m, s, u.', { field: 'flags' });
  let re: RegExp;
  try {
    re = new RegExp(p.pattern, `${flags}g`);
  } catch {
    throw Invalid(`The PII pattern "${p.name}" is not a valid regular expression.`, { field: 'pattern' });
  }
  if (new RegExp(p.pattern, flags).test('')) throw Invalid(`The PII pattern "${p.name}" matches an empty text.`, { field: 'pattern' });
  return re;
}

/**
 * Builds a masker for one set of options (compile once, mask many). Custom patterns run first (the
 * tenant knows its own identifiers best), then emails, IBANs (mod-97), cards (issuer, length, Luhn)
 * and phone numbers. Tokens hold no digits, so a later pass never re-reads an earlier token.
 */
export function createPiiMasker(options: PiiMaskOptions = {}): PiiMasker {
  const kinds = new Set(options.kinds ?? PII_KINDS);
  const tokenOf = options.token ?? ((kind: string) => `[${kind}]`);
  const custom = (options.custom ?? []).map((p) => ({ re: compilePiiPattern(p), name: p.name }));
  const mask = (text: string): string => {
    let out = text;
    for (const c of custom) out = out.replace(c.re, (m) => tokenOf(c.name, m));
    if (kinds.has('email') && out.includes('@')) out = out.replace(EMAIL, (m) => tokenOf('email', m));
    if (kinds.has('iban'))
      out = out.replace(IBAN, (m) => {
        const iban = ibanAt(m);
        return iban ? `${tokenOf('iban', iban)}${m.slice(iban.length)}` : m;
      });
    if (kinds.has('card')) out = out.replace(CARD, (m) => (cardNumberPlausible(m.replace(/[ -]/g, '')) ? tokenOf('card', m) : m));
    if (kinds.has('phone')) out = out.replace(PHONE, (m) => (phonePlausible(m) ? tokenOf('phone', m) : m));
    return out;
  };
  const maskDeep = <T>(value: T): T => walk(value, mask, new WeakSet(), 0) as T;
  return { mask, maskDeep };
}

function walk(value: unknown, mask: (s: string) => string, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return mask(value);
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (value instanceof Date || ArrayBuffer.isView(value) || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, mask, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, mask, seen, depth + 1);
  return out;
}

const defaultMasker = createPiiMasker();

/** `text` with every email, phone, card and IBAN replaced by its token: the masker with default options. */
export function maskPii(text: string, options?: PiiMaskOptions): string {
  return (options ? createPiiMasker(options) : defaultMasker).mask(text);
}

/** Every string inside `value` masked (see `maskPii`); keys, numbers and dates kept. */
export function maskPiiDeep<T>(value: T, options?: PiiMaskOptions): T {
  return (options ? createPiiMasker(options) : defaultMasker).maskDeep(value);
}
