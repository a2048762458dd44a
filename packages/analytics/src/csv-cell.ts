/** Characters that make a spreadsheet read a cell as a formula (or that some read as such after trimming). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): numbers and booleans as they are, text with formula injection
 * neutralised (a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` before it, OWASP's
 * advice) and quoted when it holds a comma, quote or line break (quotes doubled). null is empty.
 */
export function csvCell(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export const csvLine = (cells: unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;
