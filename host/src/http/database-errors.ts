import type { BaconError } from '@bacon/sdk';
import { HostErrors } from './errors.js';

/**
 * SQLSTATEs that mean the caller's input, not the server, is at fault: the same on PGlite and
 * Postgres. A route that forgot a check (or lost a race to a concurrent twin) still answers a 4xx.
 */
const BY_SQLSTATE: Record<string, () => BaconError> = {
  '23505': () => HostErrors.alreadyExists(), // unique_violation: a duplicate, or two identical requests racing
  '23503': () => HostErrors.referenceConflict(), // foreign_key_violation
  '23502': () => HostErrors.invalidValue({ reason: 'a required value is missing' }), // not_null_violation
  '23514': () => HostErrors.invalidValue({ reason: 'a value breaks a rule of the data' }), // check_violation
  '22001': () => HostErrors.invalidValue({ reason: 'a value is too long' }), // string_data_right_truncation
  '22003': () => HostErrors.invalidValue({ reason: 'a number is out of range' }), // numeric_value_out_of_range
  '22007': () => HostErrors.invalidValue({ reason: 'a date or time is malformed' }), // invalid_datetime_format
  '22008': () => HostErrors.invalidValue({ reason: 'a date or time is out of range' }), // datetime_field_overflow
  '22P02': () => HostErrors.invalidValue({ reason: 'a value does not have the expected form' }), // invalid_text_representation
  '22021': () => HostErrors.invalidCharacters(), // character_not_in_repertoire (NUL in text)
  '22P05': () => HostErrors.invalidCharacters(), // untranslatable_character (\u0000 in jsonb)
  '54000': () => HostErrors.invalidValue({ reason: 'a value is too large to index' }), // program_limit_exceeded
};

/**
 * The error an owner answers when one of its unique constraints is hit, so a request that loses a
 * race to its twin gets the same 409 code as one that arrives after it (`email_taken`, not a bare
 * `already_exists`). Constraint names are unique in a database, so one table serves every host.
 */
const uniqueConflicts = new Map<string, () => BaconError>();

export function declareUniqueConflict(constraint: string, error: () => BaconError): void {
  uniqueConflicts.set(constraint, error);
}

/** The 4xx for a database error caused by the input, or undefined for a server-side failure. */
export function fromDatabaseError(err: unknown): BaconError | undefined {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  const code = e?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  if (code === '23505' && typeof e?.constraint === 'string') {
    const declared = uniqueConflicts.get(e.constraint);
    if (declared) return declared();
  }
  return BY_SQLSTATE[code]?.();
}
