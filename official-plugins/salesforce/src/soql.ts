/** The escape sequences SOQL string literals accept (Salesforce's "Quoted String Escape Sequences"). */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A value as a quoted SOQL string literal, every special character escaped, so no input can end
 * the literal and change the query (`o'brien@example.com` stays one value).
 */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c]!)}'`;
}

/** A Salesforce record id (15 or 18 characters), checked before it goes into a query. */
export function isRecordId(value: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value);
}
