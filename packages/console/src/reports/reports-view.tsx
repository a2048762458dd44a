import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { analyticsApi } from '../api/analytics-api.js';
import { describeError } from '../api/api-error.js';
import { inboxApi } from '../api/inbox-api.js';
import { useServices } from '../app/services-context.js';
import { formatNumber, useT } from '../i18n/i18n.js';
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
  const t = useT();
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
      <h1 id="reports-title">{t('reports.title')}</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label={t('reports.dateRange')}>
        <label>
          {t('reports.from')} <input type="date" value={fromDay} max={toDay} onChange={(e) => setFromDay(e.target.value)} />
        </label>
        <label>
          {t('reports.to')} <input type="date" value={toDay} min={fromDay} onChange={(e) => setToDay(e.target.value)} />
        </label>
        <label>
          {t('reports.siteKey')}{' '}
          <select value={siteKey} onChange={(e) => setSiteKey(e.target.value)}>
            <option value="">{t('reports.allSiteKeys')}</option>
            {[...new Set([...(sites.data ?? []), ...(siteKey ? [siteKey] : [])])].map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{t('reports.timeZone', { tz })}</span>
        <button type="button" className="button" onClick={() => void download()} disabled={!valid}>
          {t('reports.downloadCsv')}
        </button>
      </form>
      {!valid && <p role="alert">{t('reports.badRange')}</p>}
      {(data.error || downloadError) && (
        <p className="form-error" role="alert">
          {data.error ?? downloadError}
        </p>
      )}
      {data.loading && !d && <p role="status">{t('common.loading')}</p>}
      {d && (
        <>
          <dl className="report-totals">
            <div>
              <dt>{t('reports.medianFirstResponse')}</dt>
              <dd>{duration(d.frt.total.medianSeconds)}</dd>
            </div>
            <div>
              <dt>{t('reports.p90FirstResponse')}</dt>
              <dd>{duration(d.frt.total.p90Seconds)}</dd>
            </div>
            <div>
              <dt>{t('reports.resolutionRate')}</dt>
              <dd>{percent(d.resolution.total.resolutionRate)}</dd>
            </div>
            <div>
              <dt>{t('reports.csat')}</dt>
              <dd>
                {d.csat.total.average == null
                  ? '–'
                  : formatNumber(d.csat.total.average, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}
              </dd>
            </div>
            <div>
              <dt>{t('reports.conversations')}</dt>
              <dd>{formatNumber(d.volume.total.conversations)}</dd>
            </div>
          </dl>

          <h2>{t('reports.firstResponseTime')}</h2>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart
              data={d.frt.items.map((r) => ({ day: day(r.bucket), median: minutes(r.medianSeconds), p90: minutes(r.p90Seconds) }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis />
              <Tooltip />
              <Legend />
              <Line type="monotone" dataKey="median" name={t('reports.median')} stroke="#1d4ed8" />
              <Line type="monotone" dataKey="p90" name={t('reports.p90')} stroke="#b45309" />
            </LineChart>
          </ResponsiveContainer>

          <h2>{t('reports.resolution')}</h2>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={d.resolution.items.map((r) => ({ day: day(r.bucket), opened: r.opened, resolved: r.resolved, reopened: r.reopened }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="opened" name={t('reports.opened')} fill="#64748b" />
              <Bar dataKey="resolved" name={t('reports.resolved')} fill="#15803d" />
              <Bar dataKey="reopened" name={t('reports.reopened')} fill="#b91c1c" />
            </BarChart>
          </ResponsiveContainer>

          <h2>{t('reports.csat')}</h2>
          <p className="muted">
            {t('reports.csatAnswers', {
              responses: formatNumber(d.csat.total.responses),
              surveys: formatNumber(d.csat.total.surveys),
              rate: percent(d.csat.total.responseRate),
            })}
          </p>
          <ResponsiveContainer width="100%" height={180}>
            <LineChart data={d.csat.items.map((r) => ({ day: day(r.bucket), average: r.average }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis domain={[1, 5]} />
              <Tooltip />
              <Line type="monotone" dataKey="average" name={t('reports.average')} stroke="#7c3aed" connectNulls />
            </LineChart>
          </ResponsiveContainer>

          <h2>{siteKey ? t('reports.aiDraftsAllSites') : t('reports.aiDrafts')}</h2>
          {d.aiDrafts.total.drafts === 0 ? (
            <p className="muted">{t('reports.noAiDrafts')}</p>
          ) : (
            <dl className="report-totals" aria-label={t('reports.aiDrafts')}>
              <div>
                <dt>{t('reports.draftsJudged')}</dt>
                <dd>{formatNumber(d.aiDrafts.total.drafts)}</dd>
              </div>
              <div>
                <dt>{t('reports.sentAsDrafted')}</dt>
                <dd>{percent(d.aiDrafts.total.acceptanceRate)}</dd>
              </div>
              <div>
                <dt>{t('reports.used')}</dt>
                <dd>{percent(d.aiDrafts.total.useRate)}</dd>
              </div>
              <div>
                <dt>{t('reports.meanEditDistance')}</dt>
                <dd>
                  {d.aiDrafts.total.meanEditDistance == null
                    ? '–'
                    : formatNumber(d.aiDrafts.total.meanEditDistance, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
                </dd>
              </div>
            </dl>
          )}

          <h2>{t('reports.volume')}</h2>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart
              data={d.volume.items.map((r) => ({ day: day(r.bucket), inbound: r.inbound, replies: r.humanReplies, bots: r.botReplies }))}
            >
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" />
              <YAxis allowDecimals={false} />
              <Tooltip />
              <Legend />
              <Bar dataKey="inbound" name={t('reports.inbound')} fill="#1d4ed8" />
              <Bar dataKey="replies" name={t('reports.replies')} fill="#15803d" />
              <Bar dataKey="bots" name={t('reports.bots')} fill="#64748b" />
            </BarChart>
          </ResponsiveContainer>

          <h2>{t('reports.heatmapTitle')}</h2>
          <VolumeHeatmap cells={d.heatmap.cells} />

          <h2>{t('reports.byChannel')}</h2>
          <table className="table" aria-label={t('reports.volumeByChannel')}>
            <thead>
              <tr>
                <th scope="col">{t('reports.colChannel')}</th>
                <th scope="col">{t('reports.colConversations')}</th>
                <th scope="col">{t('reports.colInbound')}</th>
                <th scope="col">{t('reports.colReplies')}</th>
                <th scope="col">{t('reports.colResolved')}</th>
              </tr>
            </thead>
            <tbody>
              {d.byChannel.items.map((r) => (
                <tr key={r.bucket}>
                  <td>{r.bucket}</td>
                  <td>{formatNumber(r.conversations)}</td>
                  <td>{formatNumber(r.inbound)}</td>
                  <td>{formatNumber(r.humanReplies)}</td>
                  <td>{formatNumber(r.resolved)}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>{t('reports.byAgent')}</h2>
          <AgentWorkload items={d.agents.items} names={d.names} />
        </>
      )}
    </section>
  );
}
