import { isOpen, localTime, type LocalTime } from '@bacon/inbox-contract';
import type { RuleDefinition } from '../rule-schema.js';

// The calendar math is shared with analytics: it lives in @bacon/inbox-contract.
export { isOpen, isTimeZone, localTime, type LocalTime } from '@bacon/inbox-contract';

/** What conditions see under `time.*`: the wall clock in the rule's zone and whether the business is open. */
export interface TimeFacts extends LocalTime {
  timeZone: string;
  businessHours: boolean;
  holiday: boolean;
}

/** The `time.*` facts of a rule at `at`: in its calendar's zone (UTC without one); never open without a calendar. */
export function timeFacts(def: Pick<RuleDefinition, 'businessHours'>, at: Date): TimeFacts {
  const cal = def.businessHours;
  const timeZone = cal?.timeZone ?? 'UTC';
  const local = localTime(at, timeZone);
  return {
    ...local,
    timeZone,
    holiday: Boolean(cal?.holidays?.includes(local.date)),
    businessHours: cal ? isOpen(cal, at) : false,
  };
}

/** Whether a rule's conditions or templates look at `time.*`. */
export function usesTime(def: RuleDefinition): boolean {
  return Boolean(def.conditions?.items.some((c) => c.field.startsWith('time.'))) || JSON.stringify(def.actions).includes('{{time.');
}
