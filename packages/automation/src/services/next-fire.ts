import cronParser from 'cron-parser';
import type { Trigger } from '../rule-schema.js';

/** The first tick of a schedule trigger strictly after `after` (its cron read in its zone, UTC by default; DST included). */
export function nextFire(t: Pick<Extract<Trigger, { type: 'schedule' }>, 'cron' | 'timeZone'>, after: Date): Date {
  return cronParser
    .parseExpression(t.cron, { currentDate: after, tz: t.timeZone ?? 'UTC' })
    .next()
    .toDate();
}
