import { waitFor as waitUntil } from '@bacon/host/testing';

/** The events tests' argument order for the test kit's `waitFor` (what first, a 20 s deadline). */
export const waitFor = <T>(what: string, check: () => T | Promise<T>, timeoutMs = 20000) =>
  waitUntil(check, { what, timeoutMs, everyMs: 25 });
