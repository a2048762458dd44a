import { createPiiMasker, type PiiPattern } from '@bacon/sdk';

/** `0 -> a, 25 -> z, 26 -> ba`: token suffixes without digits (a later masking pass never re-reads them). */
function letters(n: number): string {
  let s = '';
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

/**
 * A reversible masker for one draft: every email, phone, card, IBAN and tenant pattern found is
 * replaced by a numbered token (`[email_a]`; one datum, one token, wherever it appears), and the
 * originals stay here, in memory, to restore the provider's answer before the agent sees it.
 */
export class PiiVault {
  private readonly byValue = new Map<string, string>();
  private readonly byToken = new Map<string, string>();
  private readonly counts = new Map<string, number>();
  private readonly masker;

  constructor(custom: readonly PiiPattern[] = []) {
    this.masker = createPiiMasker({
      custom,
      token: (kind, value) => {
        const key = `${kind}\u0000${value}`;
        let token = this.byValue.get(key);
        if (!token) {
          const n = this.counts.get(kind) ?? 0;
          this.counts.set(kind, n + 1);
          token = `[${kind}_${letters(n)}]`;
          this.byValue.set(key, token);
          this.byToken.set(token, value);
        }
        return token;
      },
    });
  }

  mask(text: string): string {
    return this.masker.mask(text);
  }

  maskDeep<T>(value: T): T {
    return this.masker.maskDeep(value);
  }

  /** How many personal data were masked. */
  get size(): number {
    return this.byToken.size;
  }

  /** `text` with every token this vault made put back to its original. */
  restore(text: string): string {
    return text.replace(/\[[a-z][a-z0-9_]*_[a-z]+\]/g, (t) => this.byToken.get(t) ?? t);
  }

  /** A restorer for streamed text: holds back a token cut in two by a chunk boundary. */
  restorer(): { push(chunk: string): string; flush(): string } {
    let pending = '';
    return {
      push: (chunk) => {
        pending += chunk;
        const open = pending.lastIndexOf('[');
        const cut = open >= 0 && !pending.includes(']', open) && pending.length - open <= 40 ? open : pending.length;
        const out = this.restore(pending.slice(0, cut));
        pending = pending.slice(cut);
        return out;
      },
      flush: () => {
        const out = this.restore(pending);
        pending = '';
        return out;
      },
    };
  }
}
