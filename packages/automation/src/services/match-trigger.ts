import type { Trigger } from '../rule-schema.js';
import { matchPageView } from './page-trigger.js';

/** What a trigger and conditions look at: the event and the records it concerns. */
export interface Facts {
  topic: string;
  conversation?: Record<string, unknown>;
  message?: Record<string, unknown>;
  contact?: Record<string, unknown>;
  channel?: Record<string, unknown>;
  page?: Record<string, unknown>;
  /** The wall clock in the rule's business-hours zone and whether it is open (see business-hours.ts). */
  time?: Record<string, unknown>;
  /** What the trigger itself brings: a schedule's tick, a plugin trigger's payload. */
  trigger?: Record<string, unknown>;
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

type MessageTrigger = Extract<Trigger, { type: 'message.received' }>;

/** A message trigger compiled once: its keywords as one alternation, its pattern normalized. */
interface CompiledTrigger {
  keywords?: RegExp;
  pattern?: RegExp;
}

const compiled = new WeakMap<MessageTrigger, CompiledTrigger>();

function compile(t: MessageTrigger): CompiledTrigger {
  let c = compiled.get(t);
  if (!c) {
    c = {};
    if (t.keywords?.length) {
      // A keyword matches as a whole word (or phrase) of the normalized text.
      const words = t.keywords.map((k) => escape(normalizeText(k, t))).join('|');
      c.keywords = new RegExp(`(^|[^\\p{L}\\p{N}])(${words})($|[^\\p{L}\\p{N}])`, 'u');
    }
    if (t.pattern !== undefined) {
      const source = t.accentSensitive ? t.pattern : normalizeText(t.pattern, { caseSensitive: true });
      c.pattern = new RegExp(source, t.caseSensitive ? 'u' : 'iu');
    }
    compiled.set(t, c);
  }
  return c;
}

/** The message's text normalized per (case, accent) options, once per message whatever the number of rules. */
const normalized = new WeakMap<Facts, Map<string, string>>();

function textFor(facts: Facts, t: MessageTrigger): string {
  let byOpts = normalized.get(facts);
  if (!byOpts) normalized.set(facts, (byOpts = new Map()));
  const key = `${t.caseSensitive ? 1 : 0}${t.accentSensitive ? 1 : 0}`;
  let text = byOpts.get(key);
  if (text === undefined) byOpts.set(key, (text = normalizeText(String(facts.message?.body ?? ''), t)));
  return text;
}

function matchesMessage(t: MessageTrigger, facts: Facts): boolean {
  if (!t.keywords?.length && t.pattern === undefined) return true;
  const c = compile(t);
  const text = textFor(facts, t);
  return (c.keywords?.test(text) ?? false) || (c.pattern?.test(text) ?? false);
}

/** Whether the event is one the trigger fires on. Only a contact's message counts as received. */
export function matchTrigger(t: Trigger, facts: Facts): boolean {
  switch (t.type) {
    case 'message.received':
      return facts.topic === 'message.created' && facts.message?.authorKind === 'contact' && matchesMessage(t, facts);
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
    case 'schedule':
      // Fired by its tick's job (topic `automation.schedule`), for its own rule only.
      return false;
    case 'plugin':
      return facts.topic === `trigger.${t.pluginId}.${t.name}`;
    case 'page.viewed':
      return matchPageView(t, facts);
  }
}
