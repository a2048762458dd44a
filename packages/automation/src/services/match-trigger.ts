import type { Trigger } from '../rule-schema.js';

/** What a trigger and conditions look at: the event and the records it concerns. */
export interface Facts {
  topic: string;
  conversation?: Record<string, unknown>;
  message?: Record<string, unknown>;
  contact?: Record<string, unknown>;
  channel?: Record<string, unknown>;
  page?: Record<string, unknown>;
  /** conversation.transitioned: the states. */
  from?: string;
  to?: string;
  /** automation.inactivity: who stayed silent. */
  waitingFor?: string;
}

/** Lower-cases unless case matters, and strips accents (é -> e) unless they matter. */
export function normalizeText(text: string, opts: { caseSensitive?: boolean; accentSensitive?: boolean }): string {
  let out = opts.accentSensitive ? text : text.normalize('NFD').replace(/\p{M}+/gu, '');
  if (!opts.caseSensitive) out = out.toLowerCase();
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const compiled = new Map<string, RegExp>();

/** Compiled once per (source, flags): 1,000 rules on a message stream must not recompile each time. */
function regex(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size > 10000) compiled.clear();
    compiled.set(key, (re = new RegExp(source, flags)));
  }
  return re;
}

/** A keyword matches as a whole word (or phrase) of the normalized text. */
function hasKeyword(text: string, keyword: string): boolean {
  return regex(`(^|[^\\p{L}\\p{N}])${escape(keyword)}($|[^\\p{L}\\p{N}])`, 'u').test(text);
}

function matchesMessage(t: Extract<Trigger, { type: 'message.received' }>, body: string): boolean {
  if (!t.keywords?.length && t.pattern === undefined) return true;
  const text = normalizeText(body, t);
  if (t.keywords?.some((k) => hasKeyword(text, normalizeText(k, t)))) return true;
  if (t.pattern !== undefined) {
    const source = t.accentSensitive ? t.pattern : normalizeText(t.pattern, { caseSensitive: true });
    return regex(source, t.caseSensitive ? 'u' : 'iu').test(text);
  }
  return false;
}

/** Whether the event is one the trigger fires on. Only a contact's message counts as received. */
export function matchTrigger(t: Trigger, facts: Facts): boolean {
  switch (t.type) {
    case 'message.received':
      return (
        facts.topic === 'message.created' && facts.message?.authorKind === 'contact' && matchesMessage(t, String(facts.message?.body ?? ''))
      );
    case 'conversation.created':
      return facts.topic === 'conversation.created';
    case 'conversation.transitioned':
      return (
        facts.topic === 'conversation.transitioned' &&
        (!t.from?.length || t.from.includes(facts.from as never)) &&
        (!t.to?.length || t.to.includes(facts.to as never))
      );
    case 'conversation.assigned':
      return facts.topic === 'conversation.assigned';
    case 'inactivity':
      // Fired by its timer (topic `automation.inactivity`), never directly by an inbox event.
      return facts.topic === 'automation.inactivity' && facts.waitingFor === t.waitingFor;
  }
}
