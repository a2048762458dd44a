import { ApiError } from '../api/api-error.js';

/** The server's complaint about one body field (`body/email` -> "email"), if any. */
export function fieldMessage(err: unknown, field: string): string | undefined {
  if (!(err instanceof ApiError)) return undefined;
  const hit = err.fieldErrors.find((e) => e.field === `body/${field}` || e.field === field || e.field.startsWith(`body/${field}/`));
  if (hit) return hit.message;
  if ((err.details as { field?: string } | undefined)?.field === field) return err.message;
  return undefined;
}
