import type { AuditRow } from './audit-log.js';

/** The CSV export's columns, in order (the first line of the file). */
export const AUDIT_CSV_COLUMNS = [
  'created_at',
  'action',
  'actor_kind',
  'actor_id',
  'actor_name',
  'actor_email',
  'target_type',
  'target_id',
  'ip',
  'before',
  'after',
] as const;

/**
 * One CSV cell (RFC 4180: quoted, quotes doubled). A text a spreadsheet would read as a formula
 * (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'` first (OWASP's
 * CSV injection advice), so opening the export never runs anything.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** One audit row as a CSV line (CRLF-terminated). */
export function auditCsvLine(r: AuditRow): string {
  const cells: Record<(typeof AUDIT_CSV_COLUMNS)[number], unknown> = {
    created_at: new Date(r.created_at).toISOString(),
    action: r.action,
    actor_kind: r.actor_kind,
    actor_id: r.actor_id,
    actor_name: r.actor_name,
    actor_email: r.actor_email,
    target_type: r.target_type,
    target_id: r.target_id,
    ip: r.ip,
    before: r.before,
    after: r.after,
  };
  return `${AUDIT_CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')}\r\n`;
}
