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
 * The calendar's opening intervals overlapping [from, to), as instants in ms, sorted and merged: per
 * local date of the span, not a holiday, the weekday's windows (overlapping windows merged) placed
 * in the zone (so they follow DST), clipped to the span.
 */
export function openIntervals(cal: BusinessHours, from: Date, to: Date): [number, number][] {
  const start = from.getTime();
  const end = to.getTime();
  if (!(end > start)) return [];
  const dayOf = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  const out: [number, number][] = [];
  const last = dayOf(localTime(to, cal.timeZone).date);
  for (let day = dayOf(localTime(from, cal.timeZone).date); day <= last; day += DAY) {
    if (cal.holidays?.includes(new Date(day).toISOString().slice(0, 10))) continue;
    const weekday = new Date(day).getUTCDay() || 7;
    const spans = cal.weekly
      .filter((w) => w.days.includes(weekday) && w.from < w.to)
      .map(
        (w) =>
          [Math.max(start, instantOf(day, w.from, cal.timeZone)), Math.min(end, instantOf(day, w.to, cal.timeZone))] as [number, number],
      )
      .filter(([a, b]) => b > a)
      .sort((x, y) => x[0] - y[0]);
    for (const [a, b] of spans) {
      const prev = out[out.length - 1];
      if (prev && a <= prev[1]) prev[1] = Math.max(prev[1], b);
      else out.push([a, b]);
    }
  }
  return out;
}

/**
 * A counter of open seconds for many spans inside [from, to): the intervals are placed once, then
 * each span is two binary searches over their running total (no time zone math per span).
 */
export function openSecondsCounter(cal: BusinessHours, from: Date, to: Date): (a: Date, b: Date) => number {
  const intervals = openIntervals(cal, from, to);
  const before: number[] = [];
  let sum = 0;
  for (const [a, b] of intervals) {
    before.push(sum);
    sum += b - a;
  }
  // Open ms from `from` up to instant t.
  const openUntil = (t: number) => {
    let lo = 0;
    let hi = intervals.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (intervals[mid]![0] <= t) ((at = mid), (lo = mid + 1));
      else hi = mid - 1;
    }
    if (at === -1) return 0;
    const [a, b] = intervals[at]!;
    return before[at]! + Math.min(t, b) - a;
  };
  return (a, b) => (b.getTime() > a.getTime() ? (openUntil(b.getTime()) - openUntil(a.getTime())) / 1000 : 0);
}

/** How many seconds of [from, to) the business is open: closed nights, weekends and holidays count nothing. */
export function openSecondsBetween(cal: BusinessHours, from: Date, to: Date): number {
  return openSecondsCounter(cal, from, to)(from, to);
}
