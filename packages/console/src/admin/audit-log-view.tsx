import { useEffect, useState } from 'react';
import { describeError } from '../api/api-error.js';
import type { AuditEntry, AuditFilter } from '../api/admin-api.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';
import { useT } from '../i18n/i18n.js';

function Change({ before, after }: { before: unknown; after: unknown }) {
  const t = useT();
  if (before == null && after == null) return <span className="muted">—</span>;
  return (
    <details>
      <summary>{t('admin.showChange')}</summary>
      <div className="diff">
        <div>
          <strong>{t('admin.before')}</strong>
          <pre>{before == null ? '—' : JSON.stringify(before, null, 2)}</pre>
        </div>
        <div>
          <strong>{t('admin.after')}</strong>
          <pre>{after == null ? '—' : JSON.stringify(after, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}

/** An action pattern as typed in the filter (an identifier, not translated). */
const ACTION_EXAMPLE = 'plugin.*';

/** A day (`yyyy-mm-dd` from a date input) as the start of that day, UTC; the `to` day is included (its next day is the bound). */
const dayStart = (day: string, plus = 0) => (day ? new Date(Date.parse(`${day}T00:00:00Z`) + plus * 86_400_000).toISOString() : undefined);

/** Who did what, when and from where: newest first, a page at a time, filtered by action, actor and days; a CSV download. */
export function AuditLogView() {
  const { admin } = useServices();
  const t = useT();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [form, setForm] = useState({ action: '', actorId: '', from: '', to: '' });
  const [filter, setFilter] = useState<AuditFilter>({});
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    setFilter({
      action: form.action.trim() || undefined,
      actorId: form.actorId.trim() || undefined,
      from: dayStart(form.from),
      to: dayStart(form.to, 1),
    });
  };
  const download = async () => {
    try {
      const csv = await admin.exportAuditCsv(filter);
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'bacon-audit-log.csv';
      a.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(describeError(err));
    }
  };
  const load = async (from: string | null) => {
    setLoading(true);
    try {
      const page = await admin.listAudit(from, filter);
      setEntries((e) => (from ? [...e, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(undefined);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [filter]);
  return (
    <section className="page" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('admin.auditTitle')}</h1>
      <form className="filters" onSubmit={apply} aria-label={t('admin.filterAudit')}>
        <label>
          {t('admin.filterAction')}{' '}
          <input value={form.action} placeholder={ACTION_EXAMPLE} onChange={(e) => setForm({ ...form, action: e.target.value })} />
        </label>
        <label>
          {t('admin.actorId')} <input value={form.actorId} onChange={(e) => setForm({ ...form, actorId: e.target.value })} />
        </label>
        <label>
          {t('admin.from')} <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </label>
        <label>
          {t('admin.to')} <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <button type="submit" className="button ghost">
          {t('admin.filter')}
        </button>
        <button type="button" className="button" onClick={() => void download()}>
          {t('admin.downloadCsv')}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('admin.colWhen')}</th>
            <th scope="col">{t('admin.colWho')}</th>
            <th scope="col">{t('admin.colAction')}</th>
            <th scope="col">{t('admin.colTarget')}</th>
            <th scope="col">{t('admin.colFrom')}</th>
            <th scope="col">{t('admin.colChange')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.createdAt)}</td>
              <td>
                {e.actorName || e.actorKind}
                {e.actorEmail ? <span className="muted"> {e.actorEmail}</span> : null}
                {!e.actorName && e.actorId ? <span className="muted mono"> {e.actorId.slice(0, 8)}</span> : null}
              </td>
              <td className="mono">{e.action}</td>
              <td>{e.targetType ? `${e.targetType} ${e.targetId?.slice(0, 8) ?? ''}` : '—'}</td>
              <td className="mono">{e.ip ?? '—'}</td>
              <td>
                <Change before={e.before} after={e.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && entries.length === 0 && <p className="empty">{t('admin.nothingRecorded')}</p>}
      {cursor && (
        <button type="button" className="button ghost" onClick={() => void load(cursor)} disabled={loading}>
          {t('admin.loadOlder')}
        </button>
      )}
    </section>
  );
}
