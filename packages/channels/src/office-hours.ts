/** Opening hours of a site: per weekday, ranges `HH:MM`-`HH:MM` in the site's time zone. */
export interface OfficeHours {
  timeZone: string;
  days: Partial<Record<Weekday, { from: string; to: string }[]>>;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const RANGE = {
  type: 'object',
  required: ['from', 'to'],
  additionalProperties: false,
  properties: { from: { type: 'string', pattern: TIME, title: 'Opens at' }, to: { type: 'string', pattern: TIME, title: 'Closes at' } },
};

export const officeHoursSchema = {
  type: 'object',
  title: 'Office hours',
  required: ['timeZone', 'days'],
  additionalProperties: false,
  properties: {
    timeZone: { type: 'string', minLength: 1, maxLength: 64, title: 'Time zone' },
    days: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(WEEKDAYS.map((d) => [d, { type: 'array', maxItems: 4, items: RANGE }])),
    },
  },
};

/** True when the time zone is one the runtime knows (an unknown one is refused when saved). */
export function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Whether `now` falls in the office hours (ranges that end before they start run past midnight). */
export function isOpen(hours: OfficeHours, now: Date = new Date()): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  const at = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
  const yesterday = WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7]!;
  if ((hours.days[day] ?? []).some((r) => (at(r.from) <= at(r.to) ? minutes >= at(r.from) && minutes < at(r.to) : minutes >= at(r.from))))
    return true;
  return (hours.days[yesterday] ?? []).some((r) => at(r.from) > at(r.to) && minutes < at(r.to));
}
