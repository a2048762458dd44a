import { useEffect, useMemo, useState } from 'react';
import { describeError } from '../api/api-error.js';
import { eventsApi, type ParkedEvent } from '../api/events-api.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';
import { formatNumber, useT } from '../i18n/i18n.js';

/**
 * Events that durable consumers parked after repeated failures: retry one once its cause is fixed
 * (the consumer's host delivers it; the list refreshes to show the outcome) or discard it.
 */
export function ParkedEventsView() {
  const { api } = useServices();
  const t = useT();
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
    const timer = setTimeout(() => void load(), 1500);
    return () => clearTimeout(timer);
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
      <h1 id="parked-title">{t('admin.parkedTitle')}</h1>
      <p className="muted">{t('admin.parkedLead')}</p>
      <label>
        {t('admin.consumer')}{' '}
        <input
          value={consumer}
          onChange={(e) => setConsumer(e.target.value)}
          placeholder={t('admin.consumerAll')}
          aria-label={t('admin.filterConsumer')}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('admin.colParked')}</th>
            <th scope="col">{t('admin.colConsumer')}</th>
            <th scope="col">{t('admin.colEvent')}</th>
            <th scope="col">{t('admin.colError')}</th>
            <th scope="col">{t('admin.colTries')}</th>
            <th scope="col">{t('admin.colActions')}</th>
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
                  <summary>{t('admin.payload')}</summary>
                  <pre>{JSON.stringify(r.payload, null, 2)}</pre>
                </details>
              </td>
              <td>{r.error}</td>
              <td>{formatNumber(r.attempts)}</td>
              <td>
                {r.status === 'retrying' ? (
                  <span role="status">{t('admin.retrying')}</span>
                ) : (
                  <>
                    <button
                      type="button"
                      className="button"
                      aria-label={t('admin.retryOf', { topic: r.topic, id: r.eventId })}
                      onClick={() => void act(() => events.retry(r.id))}
                    >
                      {t('admin.retry')}
                    </button>{' '}
                    <button
                      type="button"
                      className="button ghost"
                      aria-label={t('admin.discardOf', { topic: r.topic, id: r.eventId })}
                      onClick={() => void act(() => events.discard(r.id))}
                    >
                      {t('admin.discard')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && rows.length === 0 && <p className="empty">{t('admin.noParked')}</p>}
    </section>
  );
}
