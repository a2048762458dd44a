/**
 * One area's strings (an area is a folder of the console: `inbox`, `conversation`...), in every
 * language the console ships. Keys are written whole, `area.name`, so a grep for a key finds its use;
 * a test checks each key starts with its area. The French catalog must have every English key (the
 * type says so) with the same `{placeholders}` (a test says so).
 * Plural texts come in pairs, `name_one` and `name_other`, read with `tn()`.
 */
export type Messages = Record<string, string>;

export interface AreaMessages<E extends Messages = Messages> {
  area: string;
  en: E;
  fr: { [K in keyof E]: string };
}

export function defineMessages<E extends Messages>(area: string, en: E, fr: { [K in keyof E]: string }): AreaMessages<E> {
  return { area, en, fr };
}
