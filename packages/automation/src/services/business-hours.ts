import type { BusinessHours, RuleDefinition } from '../rule-schema.js';

/** A moment as a wall clock in a time zone shows it. */
export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  /** `HH:MM` in the zone. */
  time: string;
  /** ISO weekday: 1 Monday ... 7 Sunday. */
  weekday: number;
  hour: number;
  minute: number;
}

/** What conditions see under `time.*`: the wall clock in the rule's zone and whether the business is open. */
export interface TimeFacts extends LocalTime {
  timeZone: string;
  businessHours: boolean;
  holiday: boolean;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether the runtime knows the IANA zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The wall clock at `at` in `timeZone` (IANA name; DST included). */
export function localTime(at: Date, timeZone: string): LocalTime {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  const hour = Number(p.hour) % 24;
  const minute = Number(p.minute);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${pad(hour)}:${pad(minute)}`, weekday: weekdays[p.weekday!]!, hour, minute };
}

/**
 * Whether the business is open at `at`: not a holiday (a local date of the calendar), and inside one
 * of the weekly windows of that weekday (`from` inclusive, `to` exclusive, local `HH:MM`).
 */
export function isOpen(cal: BusinessHours, at: Date): boolean {
  const t = localTime(at, cal.timeZone);
  if (cal.holidays?.includes(t.date)) return false;
  return cal.weekly.some((w) => w.days.includes(t.weekday) && t.time >= w.from && t.time < w.to);
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
