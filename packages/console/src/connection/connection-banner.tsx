import { useEffect, useState } from 'react';
import { useServices } from '../app/services-context.js';
import type { ConnectionState } from './connection-monitor.js';
import { tn, useT } from '../i18n/i18n.js';

const TEXT = {
  offline: 'connection.offline',
  connecting: 'connection.connecting',
  reconnecting: 'connection.reconnecting',
} as const satisfies Record<Exclude<ConnectionState, 'online'>, string>;

/** Says what is true right now: offline, (re)connecting, or nothing at all when live. */
export function ConnectionBanner() {
  const { connection, outbox } = useServices();
  const t = useT();
  const [state, setState] = useState(connection.state);
  const [queued, setQueued] = useState(outbox.list().filter((i) => i.state !== 'failed').length);
  useEffect(() => connection.onChange(setState), [connection]);
  useEffect(() => outbox.onChange((items) => setQueued(items.filter((i) => i.state !== 'failed').length)), [outbox]);
  if (state === 'online' && queued === 0) return <div className="sr-only" role="status" aria-live="polite" />;
  const text = state === 'online' ? tn('connection.sending', queued) : t(TEXT[state]);
  return (
    <div className={`banner banner-${state}`} role="status" aria-live="polite" data-connection={state}>
      {text}
      {state !== 'online' && queued > 0 && <strong>{t('connection.waiting', { count: queued })}</strong>}
    </div>
  );
}
