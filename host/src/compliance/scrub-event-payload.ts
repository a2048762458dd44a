const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A structural value is a word (`closed`, `round_robin`, `message.created`): never an address or a number. */
const WORD = /^[A-Za-z][\w.:-]{0,63}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Keys whose text values are states, kinds and names of things, never what a person wrote or is. */
const STRUCTURAL_KEYS = new Set([
  'action',
  'changes',
  'authorKind',
  'channel',
  'from',
  'fromState',
  'kind',
  'mode',
  'pluginId',
  'priority',
  'state',
  'status',
  'strategy',
  'to',
  'toState',
  'topic',
  'type',
  'visibility',
]);

export const SCRUBBED = '[removed]';

/**
 * An event payload with its personal data scrubbed and its shape kept, for anonymizing the durable
 * log: numbers, booleans, ids (UUIDs), times and the texts of structural keys (`state`, `channel`...)
 * stay, so counts and timings can still be computed; every other text becomes `[removed]`. Idempotent.
 */
export function scrubEventPayload(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    if (value === SCRUBBED || UUID.test(value) || ISO_TIME.test(value)) return value;
    return key !== undefined && STRUCTURAL_KEYS.has(key) && WORD.test(value) ? value : SCRUBBED;
  }
  if (Array.isArray(value)) return value.map((v) => scrubEventPayload(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubEventPayload(v, k)]));
  }
  return value;
}
