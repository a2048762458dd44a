import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AgentRow } from '../api/analytics-api.js';
import { duration } from './report-range.js';

/** Per agent: conversations open with them now, assigned to them and replies in the range (chart and table). */
export function AgentWorkload({ items, names }: { items: AgentRow[]; names: Map<string, string> }) {
  const name = (agentId: string) => names.get(agentId) ?? agentId;
  if (!items.length) return <p className="muted">No agent held, got or answered a conversation in this range.</p>;
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
          <Bar dataKey="open" name="open now" fill="#b45309" />
          <Bar dataKey="assigned" fill="#1d4ed8" />
          <Bar dataKey="replies" fill="#15803d" />
        </BarChart>
      </ResponsiveContainer>
      <table className="table" aria-label="Agent workload">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Open now</th>
            <th scope="col">Assigned</th>
            <th scope="col">Replies</th>
            <th scope="col">First responses</th>
            <th scope="col">Mean first response</th>
            <th scope="col">Resolved</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.agentId}>
              <td>{name(r.agentId)}</td>
              <td>{r.open}</td>
              <td>{r.assigned}</td>
              <td>{r.humanReplies}</td>
              <td>{r.firstResponses}</td>
              <td>{duration(r.meanFirstResponseSeconds)}</td>
              <td>{r.resolved}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
