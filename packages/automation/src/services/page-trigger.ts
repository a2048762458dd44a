import type { JsonSchema } from '@bacon/sdk';
import type { Facts } from './match-trigger.js';

/**
 * A page the visitor views, reported by the widget without a message (durable topic `page.viewed`):
 * the URL matches `urlPattern` (a regular expression, case-insensitive), the title contains
 * `titleContains` (case-insensitive), the visitor's custom attributes equal `attributes`, and, with
 * `minSecondsOnPage`, the visitor has stayed that long. A page view fires a rule once: on its first
 * report, or with `minSecondsOnPage` on the report that crosses it.
 */
export interface PageViewTrigger {
  type: 'page.viewed';
  urlPattern?: string;
  titleContains?: string;
  minSecondsOnPage?: number;
  attributes?: Record<string, string | number | boolean>;
}

export const pageViewTriggerSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { const: 'page.viewed' },
    urlPattern: { type: 'string', minLength: 1, maxLength: 500 },
    titleContains: { type: 'string', minLength: 1, maxLength: 200 },
    minSecondsOnPage: { type: 'integer', minimum: 1, maximum: 86400 },
    attributes: { type: 'object', maxProperties: 20, additionalProperties: { type: ['string', 'number', 'boolean'] } },
  },
};

const compiled = new WeakMap<PageViewTrigger, RegExp>();

function urlRegex(t: PageViewTrigger & { urlPattern: string }): RegExp {
  let re = compiled.get(t);
  if (!re) compiled.set(t, (re = new RegExp(t.urlPattern, 'iu')));
  return re;
}

/** Whether a `page.viewed` event (its `page.*` facts) fires the trigger. */
export function matchPageView(t: PageViewTrigger, facts: Facts): boolean {
  if (facts.topic !== 'page.viewed' || !facts.page) return false;
  const page = facts.page as { url?: unknown; title?: unknown; secondsOnPage?: unknown; previousSeconds?: unknown; attributes?: unknown };
  const seconds = Number(page.secondsOnPage ?? 0);
  const before = typeof page.previousSeconds === 'number' ? page.previousSeconds : undefined;
  if (t.minSecondsOnPage === undefined ? before !== undefined : !(seconds >= t.minSecondsOnPage && (before ?? -1) < t.minSecondsOnPage))
    return false;
  if (t.urlPattern !== undefined && !urlRegex(t as PageViewTrigger & { urlPattern: string }).test(String(page.url ?? ''))) return false;
  if (
    t.titleContains !== undefined &&
    !String(page.title ?? '')
      .toLowerCase()
      .includes(t.titleContains.toLowerCase())
  )
    return false;
  const attributes = (page.attributes ?? {}) as Record<string, unknown>;
  return Object.entries(t.attributes ?? {}).every(([k, v]) => attributes[k] === v);
}
