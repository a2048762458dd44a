import type { RuleDefinition } from '../rule-schema.js';
import { AutomationErrors } from '../errors.js';
import { isTimeZone } from './business-hours.js';
import { nextFire } from './next-fire.js';

/** What the API answers for a stored webhook secret; sending it back keeps the secret. */
export const SECRET_SENTINEL = '__set__';

function checkPattern(field: string, source: string): void {
  try {
    new RegExp(source, 'u');
  } catch (err) {
    throw AutomationErrors.patternInvalid(field, (err as Error).message);
  }
}

/**
 * What the schema cannot say: patterns and cron expressions compile, time zones exist, an assign action names one target, and a webhook's
 * `__set__` secret is replaced by the stored one (matched by the action's position).
 */
export function checkDefinition(def: RuleDefinition, previous?: RuleDefinition): RuleDefinition {
  def.triggers.forEach((t, i) => {
    if (t.type === 'message.received' && t.pattern !== undefined) checkPattern(`triggers/${i}/pattern`, t.pattern);
    if (t.type === 'page.viewed' && t.urlPattern !== undefined) checkPattern(`triggers/${i}/urlPattern`, t.urlPattern);
    if (t.type === 'schedule') {
      if (t.timeZone !== undefined && !isTimeZone(t.timeZone)) throw AutomationErrors.timeZoneInvalid(`triggers/${i}/timeZone`, t.timeZone);
      try {
        nextFire(t, new Date());
      } catch (err) {
        throw AutomationErrors.cronInvalid(`triggers/${i}/cron`, (err as Error).message);
      }
    }
  });
  if (def.businessHours && !isTimeZone(def.businessHours.timeZone))
    throw AutomationErrors.timeZoneInvalid('businessHours/timeZone', def.businessHours.timeZone);
  def.conditions?.items.forEach((c, i) => {
    if (c.op === 'matches') checkPattern(`conditions/items/${i}/value`, String(c.value ?? ''));
  });
  const actions = def.actions.map((a, i) => {
    if (a.type === 'assign' && (a.agentId === undefined) === (a.strategy === undefined))
      throw AutomationErrors.assignTargetInvalid(`actions/${i}`);
    if (a.type === 'webhook' && a.secret === SECRET_SENTINEL) {
      const old = previous?.actions[i];
      if (old?.type !== 'webhook' || !old.secret) throw AutomationErrors.secretNotSet(`actions/${i}/secret`);
      return { ...a, secret: old.secret };
    }
    return a;
  });
  return { ...def, actions };
}

/** The definition as the API shows it: webhook secrets replaced by the sentinel. */
export function publicDefinition(def: RuleDefinition): RuleDefinition {
  return { ...def, actions: def.actions.map((a) => (a.type === 'webhook' && a.secret ? { ...a, secret: SECRET_SENTINEL } : a)) };
}
