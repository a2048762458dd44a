import { InboxErrors } from '../errors.js';

/** Opaque pagination cursors: base64url JSON. A cursor that does not decode is a 400. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw InboxErrors.invalidCursor();
  }
  if (!check(value)) throw InboxErrors.invalidCursor();
  return value;
}
