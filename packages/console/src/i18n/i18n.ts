import { useSyncExternalStore } from 'react';
import { fillIn, pickLanguage } from '@bacon/inbox-contract';
import { CATALOGS, LANGUAGES, type Language, type MessageKey } from './catalog.js';

/**
 * The console's language, and `t()`, the one way a string reaches the screen. The language is the
 * agent's choice (My profile, kept in their profile and in this browser), else the browser's languages,
 * else English. `t()` reads the current language when called, so code outside React (toasts, desktop
 * notifications, error texts) uses it too; a component that calls `useT()` re-renders when it changes.
 */

export type { Language, MessageKey };
export { LANGUAGES };

const STORAGE_KEY = 'bacon.console.language';
const CODES: readonly string[] = LANGUAGES.map((l) => l.tag);
const listeners = new Set<() => void>();

function stored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage refused (private mode, a sandboxed frame)
  }
}

function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator as Navigator | undefined;
  return nav ? (nav.languages?.length ? nav.languages : [nav.language]) : [];
}

let current: Language = pickLanguage(CODES, [stored(), ...browserLanguages()], 'en') as Language;

export function currentLanguage(): Language {
  return current;
}

export function isLanguage(code: unknown): code is Language {
  return typeof code === 'string' && CODES.includes(code);
}

/** Switches the console's language now; `remember` keeps it in this browser for the next visit. */
export function setLanguage(code: string, remember = false): void {
  if (!isLanguage(code)) return;
  if (remember) {
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, code);
    } catch {
      // not kept: the profile still has it
    }
  }
  if (code === current) return;
  current = code;
  if (typeof document !== 'undefined') document.documentElement.lang = code;
  for (const l of listeners) l();
}

/** Back to the browser's languages (the agent cleared their choice). */
export function forgetLanguage(): void {
  try {
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // nothing kept
  }
  setLanguage(pickLanguage(CODES, browserLanguages(), 'en'));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Vars = Readonly<Record<string, string | number>>;

/** `t('inbox.viewMine')`, `t('conversation.assignedTo', {name})`: the current language's text, English where missing. */
export function t(key: MessageKey, vars?: Vars): string {
  return fillIn(CATALOGS[current][key] ?? CATALOGS.en[key] ?? key, vars);
}

type PluralBase = MessageKey extends infer K ? (K extends `${infer B}_other` ? B : never) : never;

/** `tn('inbox.unread', 3)`: the `_one` or `_other` text for the count (the language's plural rule), `{count}` filled in. */
export function tn(base: PluralBase, count: number, vars?: Vars): string {
  const form = new Intl.PluralRules(current).select(count);
  const key = (form === 'one' ? `${base}_one` : `${base}_other`) as MessageKey;
  return t(key, { count: formatNumber(count), ...vars });
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current, options).format(n);
}

/** A date and time, medium length, in the console's language (empty for none or an unreadable date). */
export function formatDateTime(
  iso: string | null | undefined,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(current, options).format(d);
}

/** The current language; re-renders the component when it changes. */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribe, currentLanguage, currentLanguage);
}

/** `const t = useT()`: `t()` in a component that re-renders when the language changes. */
export function useT(): typeof t {
  useLanguage();
  return t;
}

if (typeof document !== 'undefined') document.documentElement.lang = current;
