import type { Condition, RuleDefinition } from '../rule-schema.js';
import type { Facts } from './match-trigger.js';
import { normalizeText } from './match-trigger.js';

/** The value at a dotted path of the facts (`conversation.priority`), or undefined. */
export function factAt(facts: Facts, path: string): unknown {
  let cur: unknown = facts;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return undefined;
}

/** One comparison. Arrays (tags) `contain` an element and `equal` when one element equals. */
export function matchCondition(c: Condition, facts: Facts): boolean {
  const actual = factAt(facts, c.field);
  if (c.op === 'present') return present(actual) === (c.value === undefined ? true : Boolean(c.value));
  if (actual === undefined || actual === null) return false;
  const norm = (v: unknown) => normalizeText(String(v), { caseSensitive: c.caseSensitive, accentSensitive: true });
  const expected = c.value ?? '';
  switch (c.op) {
    case 'equals':
      return Array.isArray(actual) ? actual.some((a) => norm(a) === norm(expected)) : norm(actual) === norm(expected);
    case 'contains':
      return Array.isArray(actual) ? actual.some((a) => norm(a) === norm(expected)) : norm(actual).includes(norm(expected));
    case 'matches':
      return new RegExp(String(expected), c.caseSensitive ? 'u' : 'iu').test(String(actual));
    case 'gt':
    case 'lt': {
      const a = asNumber(actual);
      const b = asNumber(expected);
      if (a === undefined || b === undefined) return false;
      return c.op === 'gt' ? a > b : a < b;
    }
  }
}

/** The rule's conditions: all (default) or any of them; none means yes. */
export function matchConditions(def: RuleDefinition, facts: Facts): boolean {
  const items = def.conditions?.items ?? [];
  if (items.length === 0) return true;
  return def.conditions!.match === 'any' ? items.some((c) => matchCondition(c, facts)) : items.every((c) => matchCondition(c, facts));
}

/** Fills `{{path}}` placeholders from the facts (unknown paths become empty). */
export function renderTemplate(template: string, facts: Facts): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_m, path: string) => {
    const v = factAt(facts, path);
    return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/** Templates every string of a JSON value (a plugin action's input). */
export function renderValue(value: unknown, facts: Facts): unknown {
  if (typeof value === 'string') return renderTemplate(value, facts);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, facts));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, facts)]));
  return value;
}
