/**
 * The small part of translation the console and the widget share: choosing a language from a list of
 * preferences, and filling `{name}` placeholders. Each keeps its own catalog.
 */

/**
 * The first preference there is a catalog for: `fr-CA` matches `fr`, case and `_` do not matter, empty
 * entries are skipped; `fallback` when none matches.
 */
export function pickLanguage(available: readonly string[], preferred: readonly (string | null | undefined)[], fallback: string): string {
  for (const tag of preferred) {
    const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
    if (base && available.includes(base)) return base;
  }
  return fallback;
}

/** `fillIn('Hello {name}', {name: 'Ada'})`: each `{word}` with a value is replaced; one without stays as written. */
export function fillIn(template: string, vars?: Readonly<Record<string, string | number>>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : whole,
  );
}

/** The `{word}` placeholders a text uses, sorted: a translation must use the same ones as its source. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}
