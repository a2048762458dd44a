import type { HeatCell } from '../api/analytics-api.js';
import { formatDateTime, formatNumber, useT } from '../i18n/i18n.js';

// 2024-01-01 was a Monday: the short weekday names, Monday first, in the console's language.
const weekdays = () =>
  Array.from({ length: 7 }, (_, i) => formatDateTime(`2024-01-0${i + 1}T12:00:00Z`, { weekday: 'short', timeZone: 'UTC' }));
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Inbound messages per weekday and hour of day, as a table whose cells are shaded by volume. */
export function VolumeHeatmap({ cells }: { cells: HeatCell[] }) {
  const t = useT();
  const at = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.inbound]));
  const max = Math.max(1, ...cells.map((c) => c.inbound));
  return (
    <table className="table heatmap" aria-label={t('reports.heatmapLabel')}>
      <thead>
        <tr>
          <th scope="col">{t('reports.colDay')}</th>
          {HOURS.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weekdays().map((day, i) => (
          <tr key={day}>
            <th scope="row">{day}</th>
            {HOURS.map((h) => {
              const n = at.get(`${i + 1}-${h}`) ?? 0;
              const alpha = n ? 0.15 + 0.85 * (n / max) : 0;
              return (
                <td
                  key={h}
                  title={t('reports.heatCell', { day, hour: h, count: formatNumber(n) })}
                  style={{ background: `rgba(37, 99, 235, ${alpha})`, color: alpha > 0.55 ? '#fff' : undefined }}
                >
                  {n ? formatNumber(n) : ''}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
