import { useEffect, useState } from 'react';
import { describeError } from '../api/api-error.js';
import type { AuditEntry } from '../api/admin-api.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';

function Change({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return <span className="muted">—</span>;
  return (
    <details>
      <summary>Show change</summary>
      <div className="diff">
        <div>
          <strong>Before</strong>
          <pre>{before == null ? '—' : JSON.stringify(before, null, 2)}</pre>
        </div>
        <div>
          <strong>After</strong>
          <pre>{after == null ? '—' : JSON.stringify(after, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}

/** Who did what, when and from where: newest first, a page at a time. */
export function AuditLogView() {
  const { admin } = useServices();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const load = async (from: string | null) => {
    setLoading(true);
    try {
      const page = await admin.listAudit(from);
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
  }, []);
  return (
    <section className="page" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
            <th scope="col">Change</th>
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
      {!loading && entries.length === 0 && <p className="empty">Nothing recorded yet.</p>}
      {cursor && (
        <button type="button" className="button ghost" onClick={() => void load(cursor)} disabled={loading}>
          Load older entries
        </button>
      )}
    </section>
  );
}
