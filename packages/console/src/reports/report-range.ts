import type { ReportRange } from '../api/analytics-api.js';
import { formatNumber, t } from '../i18n/i18n.js';

const ONE_DECIMAL = { minimumFractionDigits: 1, maximumFractionDigits: 1 };

/** `YYYY-MM-DD` of a date in the browser's local time. */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The query range of two local days, both included: from the first's midnight to the midnight after the last. */
export function rangeOf(fromDay: string, toDay: string, tz: string): ReportRange {
  const [fy, fm, fd] = fromDay.split('-').map(Number);
  const [ty, tm, td] = toDay.split('-').map(Number);
  return { from: new Date(fy!, fm! - 1, fd!).toISOString(), to: new Date(ty!, tm! - 1, td! + 1).toISOString(), tz };
}

/** Seconds as `42 s`, `3.5 min` or `2.1 h` (numbers in the console's language); a dash for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds == null) return '–';
  if (seconds < 90) return t('reports.seconds', { n: formatNumber(Math.round(seconds)) });
  if (seconds < 5400) return t('reports.minutes', { n: formatNumber(seconds / 60, ONE_DECIMAL) });
  return t('reports.hours', { n: formatNumber(seconds / 3600, ONE_DECIMAL) });
}

/** A rate as a whole percentage in the console's language (`42%`, `42 %`); a dash for none. */
export const percent = (x: number | null | undefined) =>
  x == null ? '–' : formatNumber(x, { style: 'percent', maximumFractionDigits: 0 });
