import type { JsonSchema } from '@bacon/sdk';

/**
 * A business-hours calendar: weekly opening windows in an IANA time zone, minus holidays. Automation
 * rules read it as `time.businessHours`, analytics counts first response time within it. Pure
 * functions over `Intl`: the console may bundle them.
 */
export interface BusinessHours {
  timeZone: string;
  /** Windows per ISO weekday (1 Monday ... 7 Sunday), local `HH:MM`, `from` inclusive, `to` exclusive (`24:00` allowed). */
  weekly: { days: number[]; from: string; to: string }[];
  /** Local dates (`YYYY-MM-DD`) the business is closed all day. */
  holidays?: string[];
}

const clock = { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' } as const;

/** The JSON schema of a calendar (the time zone name is checked with `isTimeZone`). */
export const businessHoursSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['timeZone', 'weekly'],
  properties: {
    timeZone: { type: 'string', minLength: 1, maxLength: 64 },
    weekly: {
      type: 'array',
      maxItems: 21,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['days', 'from', 'to'],
        properties: {
          days: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { type: 'integer', minimum: 1, maximum: 7 } },
          from: clock,
          to: clock,
        },
      },
    },
    holidays: { type: 'array', maxItems: 366, items: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } },
  },
};

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

const formats = new Map<string, Intl.DateTimeFormat>();
const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const pad = (n: number) => String(n).padStart(2, '0');

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

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The zone's offset at `at` in ms (local wall clock minus UTC), to the minute. */
function offsetAt(at: number, timeZone: string): number {
  const floor = at - (((at % MINUTE) + MINUTE) % MINUTE);
  const l = localTime(new Date(floor), timeZone);
  const [y, m, d] = l.date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, l.hour, l.minute) - floor;
}

/** The instant a local wall clock reading (`dayMs`: the local date at 00:00 as if UTC, plus `HH:MM`) happens in the zone. */
function instantOf(dayMs: number, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const wall = dayMs + (h * 60 + m) * MINUTE;
  const guess = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(guess, timeZone);
}

/**
 * How many seconds of [from, to) the business is open: per local date of the span, not a holiday,
 * the weekday's windows (overlapping windows counted once) as instants in the zone, intersected
 * with the span. Closed nights, weekends and holidays count nothing.
 */
export function openSecondsBetween(cal: BusinessHours, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return 0;
  const first = localTime(from, cal.timeZone).date;
  const last = localTime(to, cal.timeZone).date;
  const dayOf = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  let total = 0;
  for (let day = dayOf(first); day <= dayOf(last); day += DAY) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (cal.holidays?.includes(date)) continue;
    const weekday = new Date(day).getUTCDay() || 7;
    const spans = cal.weekly
      .filter((w) => w.days.includes(weekday) && w.from < w.to)
      .map((w) => [Math.max(start, instantOf(day, w.from, cal.timeZone)), Math.min(end, instantOf(day, w.to, cal.timeZone))] as const)
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    let reached = -Infinity;
    for (const [a, b] of spans) {
      const lo = Math.max(a, reached);
      if (b > lo) total += b - lo;
      reached = Math.max(reached, b);
    }
  }
  return total / 1000;
}
