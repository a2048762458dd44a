import type { HeatCell } from '../api/analytics-api.js';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Inbound messages per weekday and hour of day, as a table whose cells are shaded by volume. */
export function VolumeHeatmap({ cells }: { cells: HeatCell[] }) {
  const at = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.inbound]));
  const max = Math.max(1, ...cells.map((c) => c.inbound));
  return (
    <table className="table heatmap" aria-label="Inbound messages by weekday and hour">
      <thead>
        <tr>
          <th scope="col">Day</th>
          {HOURS.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {DAYS.map((day, i) => (
          <tr key={day}>
            <th scope="row">{day}</th>
            {HOURS.map((h) => {
              const n = at.get(`${i + 1}-${h}`) ?? 0;
              const alpha = n ? 0.15 + 0.85 * (n / max) : 0;
              return (
                <td
                  key={h}
                  title={`${day} ${h}:00, ${n} inbound`}
                  style={{ background: `rgba(37, 99, 235, ${alpha})`, color: alpha > 0.55 ? '#fff' : undefined }}
                >
                  {n || ''}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
