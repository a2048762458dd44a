import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgentRow } from '../api/analytics-api.js';
import { formatNumber, useT } from '../i18n/i18n.js';
import { duration } from './report-range.js';

/** Per agent: conversations open with them now, assigned to them and replies in the range (chart and table). */
export function AgentWorkload({ items, names }: { items: AgentRow[]; names: Map<string, string> }) {
  const t = useT();
  const name = (agentId: string) => names.get(agentId) ?? agentId;
  if (!items.length) return <p className="muted">{t('reports.noAgentActivity')}</p>;
  return (
    <>
      <ResponsiveContainer width="100%" height={Math.max(160, items.length * 36)}>
        <BarChart
          layout="vertical"
          data={items.map((r) => ({ agent: name(r.agentId), open: r.open, assigned: r.assigned, replies: r.humanReplies }))}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="agent" width={140} />
          <Tooltip />
          <Legend />
          <Bar dataKey="open" name={t('reports.openNow')} fill="#b45309" />
          <Bar dataKey="assigned" name={t('reports.assigned')} fill="#1d4ed8" />
          <Bar dataKey="replies" name={t('reports.replies')} fill="#15803d" />
        </BarChart>
      </ResponsiveContainer>
      <table className="table" aria-label={t('reports.agentWorkload')}>
        <thead>
          <tr>
            <th scope="col">{t('reports.colAgent')}</th>
            <th scope="col">{t('reports.colOpenNow')}</th>
            <th scope="col">{t('reports.colAssigned')}</th>
            <th scope="col">{t('reports.colReplies')}</th>
            <th scope="col">{t('reports.colFirstResponses')}</th>
            <th scope="col">{t('reports.colMeanFirstResponse')}</th>
            <th scope="col">{t('reports.colResolved')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.agentId}>
              <td>{name(r.agentId)}</td>
              <td>{formatNumber(r.open)}</td>
              <td>{formatNumber(r.assigned)}</td>
              <td>{formatNumber(r.humanReplies)}</td>
              <td>{formatNumber(r.firstResponses)}</td>
              <td>{duration(r.meanFirstResponseSeconds)}</td>
              <td>{formatNumber(r.resolved)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
