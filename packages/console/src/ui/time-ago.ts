import { currentLanguage, formatDateTime, t } from '../i18n/i18n.js';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 min. ago", "yesterday": for lists, in the console's language; the exact time goes in a title/datetime attribute. */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const secs = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(currentLanguage(), { numeric: 'auto', style: 'short' });
  for (const [unit, size] of units) if (Math.abs(secs) >= size) return rtf.format(Math.round(secs / size), unit);
  return t('common.justNow');
}

export function formatTime(iso: string | null | undefined): string {
  return formatDateTime(iso);
}
