import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { analyticsApi } from '../api/analytics-api.js';
import { describeError } from '../api/api-error.js';
import { inboxApi } from '../api/inbox-api.js';
import { useServices } from '../app/services-context.js';
import { useLoad } from '../ui/use-load.js';
import { VolumeHeatmap } from './volume-heatmap.js';
import { AgentWorkload } from './agent-workload.js';
import { duration, localDay, percent, rangeOf } from './report-range.js';

const DAY_MS = 86_400_000;
const minutes = (s: number | null) => (s == null ? null : Math.round((s / 60) * 10) / 10);
const day = (bucket: string) => bucket.slice(0, 10);

/** Reports: first response, resolution, CSAT and volume over a date range, per channel and agent, with a CSV download. */
export function ReportsView() {
  const { api } = useServices();
  const reports = useMemo(() => analyticsApi(api), [api]);
  const inbox = useMemo(() => inboxApi(api), [api]);
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const [fromDay, setFromDay] = useState(() => localDay(new Date(Date.now() - 13 * DAY_MS)));
  const [toDay, setToDay] = useState(() => localDay(new Date()));
  const [siteKey, setSiteKey] = useState('');
  const [downloadError, setDownloadError] = useState<string>();
  const valid = fromDay !== '' && toDay !== '' && fromDay <= toDay;
  const allSites = valid ? rangeOf(fromDay, toDay, tz) : undefined;
  const range = allSites && { ...allSites, siteKey: siteKey || undefined };
  // The site keys that had conversations in the range (the picker's choices), from the volume per site key.
  const sites = useLoad(async () => {
    if (!allSites) return [];
    const rows = (await reports.volume(allSites, 'siteKey')).items;
    return rows.map((r) => r.bucket).filter((key) => key !== '');
  }, [reports, fromDay, toDay, tz]);

  const data = useLoad(async () => {
    if (!range) return undefined;
    const [frt, resolution, csat, volume, byChannel, heatmap, agents, names, aiDrafts] = await Promise.all([
      reports.firstResponse(range),
      reports.resolution(range),
      reports.csat(range),
      reports.volume(range),
      reports.volume(range, 'channel'),
      reports.heatmap(range),
      reports.agents(range),
      inbox.listAgents().catch(() => []),
      reports.aiDrafts(range),
    ]);
    return {
      frt,
      resolution,
      csat,
      volume,
      byChannel,
      heatmap,
      agents,
      aiDrafts,
      names: new Map(names.map((a) => [a.agentId, a.name ?? a.email ?? a.agentId])),
    };
  }, [reports, inbox, fromDay, toDay, tz, siteKey]);

  const download = async () => {
    if (!range) return;
    try {
      const csv = await reports.exportCsv(range);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `bacon-analytics-${fromDay}-${toDay}${siteKey ? `-${siteKey}` : ''}.csv`;
      a.click();
      URL.revokeObjectURL(url);
      setDownloadError(undefined);
    } catch (err) {
      setDownloadError(describeError(err));
    }
  };

  const d = data.data;
  return (
    <section className="page reports" aria-labelledby="reports-title">
      <h1 id="reports-title">Reports</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Date range">
        <label>
          From <input type="date" value={fromDay} max={toDay} onChange={(e) => setFromDay(e.target.value)} />
        </label>
        <label>
          To <input type="date" value={toDay} min={fromDay} onChange={(e) => setToDay(e.target.value)} />
        </label>
        <label>
          Site key{' '}
          <select value={siteKey} onChange={(e) => setSiteKey(e.target.value)}>
            <option value="">All site keys</option>
            {[...new Set([...(sites.data ?? []), ...(siteKey ? [siteKey] : [])])].map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">Time zone {tz}</span>
        <button type="button" className="button" onClick={() => void download()} disabled={!valid}>
          Download CSV
        </button>
      </form>
      {!valid && <p role="alert">Pick a start day on or before the end day.</p>}
      {(data.error || downloadError) && (
        <p className="form-error" role="alert">
          {data.error ?? downloadError}
        </p>
      )}
      {data.loading && !d && <p role="status">Loading…</p>}
      {d && (
        <>
          <dl className="report-totals">
            <div>
              <dt>Median first response</dt>
              <dd>{duration(d.frt.total.medianSeconds)}</dd>
            </div>
            <div>
              <dt>p90 first response</dt>
              <dd>{duration(d.frt.total.p90Seconds)}</dd>
            </div>
            <div>
              <dt>Resolution rate</dt>
              <dd>{percent(d.resolution.total.resolutionRate)}</dd>
            </div>
            <div>
              <dt>CSAT</dt>
              <dd>{d.csat.total.average == null ? '–' : d.csat.total.average.toFixed(2)}</dd>
            </div>
            <div>
              <dt>Conversations</dt>
              <dd>{d.volume.total.conversations}</dd>
            </div>
          </dl>

          <h2>First response time (minutes)</h2>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart
              data={d.frt.items.map((r) => ({ day: day(r.bucket), median: minutes(r.medianSeconds), p90: minutes(r.p90Seconds) }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Line type="monotone" dataKey="median" stroke="#1d4ed8" />
              <Line type="monotone" dataKey="p90" stroke="#b45309" />
            </LineChart>
          </ResponsiveContainer>

          <h2>Resolution</h2>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={d.resolution.items.map((r) => ({ day: day(r.bucket), opened: r.opened, resolved: r.resolved, reopened: r.reopened }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="opened" fill="#64748b" />
              <Bar dataKey="resolved" fill="#15803d" />
              <Bar dataKey="reopened" fill="#b91c1c" />
            </BarChart>
          </ResponsiveContainer>

          <h2>CSAT</h2>
          <p className="muted">
            {d.csat.total.responses} answers to {d.csat.total.surveys} surveys ({percent(d.csat.total.responseRate)} response rate)
          </p>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={d.csat.items.map((r) => ({ day: day(r.bucket), average: r.average }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis domain={[1, 5]} />
              <Tooltip />
              <Line type="monotone" dataKey="average" stroke="#7c3aed" connectNulls />
            </LineChart>
          </ResponsiveContainer>

          <h2>AI drafts{siteKey ? ' (all site keys)' : ''}</h2>
          {d.aiDrafts.total.drafts === 0 ? (
            <p className="muted">No AI draft was sent, edited or discarded in this range.</p>
          ) : (
            <dl className="report-totals" aria-label="AI drafts">
              <div>
                <dt>Drafts judged</dt>
                <dd>{d.aiDrafts.total.drafts}</dd>
              </div>
              <div>
                <dt>Sent as drafted</dt>
                <dd>{percent(d.aiDrafts.total.acceptanceRate)}</dd>
              </div>
              <div>
                <dt>Used (as drafted or edited)</dt>
                <dd>{percent(d.aiDrafts.total.useRate)}</dd>
              </div>
              <div>
                <dt>Mean edit distance</dt>
                <dd>{d.aiDrafts.total.meanEditDistance == null ? '–' : d.aiDrafts.total.meanEditDistance.toFixed(1)}</dd>
              </div>
            </dl>
          )}

          <h2>Volume</h2>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={d.volume.items.map((r) => ({ day: day(r.bucket), inbound: r.inbound, replies: r.humanReplies, bots: r.botReplies }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="inbound" fill="#1d4ed8" />
              <Bar dataKey="replies" fill="#15803d" />
              <Bar dataKey="bots" fill="#64748b" />
            </BarChart>
          </ResponsiveContainer>

          <h2>Inbound by weekday and hour</h2>
          <VolumeHeatmap cells={d.heatmap.cells} />

          <h2>By channel</h2>
          <table className="table" aria-label="Volume by channel">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Conversations</th>
                <th scope="col">Inbound</th>
                <th scope="col">Replies</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {d.byChannel.items.map((r) => (
                <tr key={r.bucket}>
                  <td>{r.bucket}</td>
                  <td>{r.conversations}</td>
                  <td>{r.inbound}</td>
                  <td>{r.humanReplies}</td>
                  <td>{r.resolved}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>By agent</h2>
          <AgentWorkload items={d.agents.items} names={d.names} />
        </>
      )}
    </section>
  );
}
