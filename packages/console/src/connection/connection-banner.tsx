import { useEffect, useState } from 'react';
import { useServices } from '../app/services-context.js';
import type { ConnectionState } from './connection-monitor.js';

const TEXT: Record<Exclude<ConnectionState, 'online'>, string> = {
  offline: 'You are offline. Replies you send are kept and will go out when the connection returns.',
  connecting: 'Connecting to live updates…',
  reconnecting: 'Live updates interrupted. Reconnecting; missed messages will be filled in.',
};

/** Says what is true right now: offline, (re)connecting, or nothing at all when live. */
export function ConnectionBanner() {
  const { connection, outbox } = useServices();
  const [state, setState] = useState(connection.state);
  const [queued, setQueued] = useState(outbox.list().filter((i) => i.state !== 'failed').length);
  useEffect(() => connection.onChange(setState), [connection]);
  useEffect(() => outbox.onChange((items) => setQueued(items.filter((i) => i.state !== 'failed').length)), [outbox]);
  if (state === 'online' && queued === 0) return <div className="sr-only" role="status" aria-live="polite" />;
  const text = state === 'online' ? `Sending ${queued} queued ${queued === 1 ? 'reply' : 'replies'}…` : TEXT[state];
  return (
    <div className={`banner banner-${state}`} role="status" aria-live="polite" data-connection={state}>
      {text}
      {state !== 'online' && queued > 0 && <strong> {queued} waiting to send.</strong>}
    </div>
  );
}
