import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../api/api-error.js';
import { eventsApi, type ParkedEvent } from '../api/events-api.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';

/**
 * Events that durable consumers parked after repeated failures: retry one once its cause is fixed
 * (the consumer's host delivers it; the list refreshes to show the outcome) or discard it.
 */
export function ParkedEventsView() {
  const { api } = useServices();
  const events = useMemo(() => eventsApi(api), [api]);
  const [rows, setRows] = useState<ParkedEvent[]>([]);
  const [consumer, setConsumer] = useState('');
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const load = async () => {
    setLoading(true);
    try {
      setRows(await events.listParked(consumer));
      setError(undefined);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [consumer]);
  // While a retry is pending, look again shortly: the row disappears (delivered) or is parked again.
  useEffect(() => {
    if (!rows.some((r) => r.status === 'retrying')) return undefined;
    const t = setTimeout(() => void load(), 1500);
    return () => clearTimeout(t);
  }, [rows]);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await load();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <section className="page" aria-labelledby="parked-title">
      <h1 id="parked-title">Parked events</h1>
      <p className="muted">Events a plugin's consumer failed to handle after several tries. The consumer went on with later events.</p>
      <label>
        Consumer <input value={consumer} onChange={(e) => setConsumer(e.target.value)} placeholder="all" aria-label="Filter by consumer" />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Parked</th>
            <th scope="col">Consumer</th>
            <th scope="col">Event</th>
            <th scope="col">Error</th>
            <th scope="col">Tries</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>{formatTime(r.parkedAt)}</td>
              <td className="mono">{r.consumer}</td>
              <td>
                <span className="mono">{r.topic}</span>
                {r.key ? <span className="muted mono"> {r.key.slice(0, 8)}</span> : null}
                <details>
                  <summary>Payload</summary>
                  <pre>{JSON.stringify(r.payload, null, 2)}</pre>
                </details>
              </td>
              <td>{r.error}</td>
              <td>{r.attempts}</td>
              <td>
                {r.status === 'retrying' ? (
                  <span role="status">Retrying…</span>
                ) : (
                  <>
                    <button
                      type="button"
                      className="button"
                      aria-label={`Retry ${r.topic} event ${r.eventId}`}
                      onClick={() => void act(() => events.retry(r.id))}
                    >
                      Retry
                    </button>{' '}
                    <button
                      type="button"
                      className="button ghost"
                      aria-label={`Discard ${r.topic} event ${r.eventId}`}
                      onClick={() => void act(() => events.discard(r.id))}
                    >
                      Discard
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 && <p className="empty">No parked events.</p>}
    </section>
  );
}
