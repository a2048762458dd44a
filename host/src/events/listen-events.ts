import pg from 'pg';
import type { Database } from '../db/connect.js';
import type { Logger } from '../logs/logger.js';

export const EVENTS_CHANNEL = 'bacon_events';

/**
 * Calls `onNotify` whenever events are appended anywhere in the cluster. Postgres: one dedicated
 * client LISTENs on `bacon_events` (the insert trigger notifies), reconnecting with capped, jittered
 * backoff. PGlite: the embedded database's own notifications (same process). Returns a stop function.
 * Polling stays the fallback, so a missed notification only delays delivery.
 */
export async function listenForEvents(
  db: Database,
  databaseUrl: string | undefined,
  log: Logger,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  if (db.kind === 'pglite' && db.pglite) {
    const unlisten = await db.pglite.listen(EVENTS_CHANNEL, () => onNotify());
    return async () => {
      await unlisten().catch(() => undefined);
    };
  }
  let stopped = false;
  let client: pg.Client | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'bacon-events-listen' });
    c.on('notification', () => onNotify());
    c.on('error', (err) => log.warn({ err: err.message }, 'events: listen connection failed'));
    c.on('end', () => {
      if (client === c) client = undefined;
      schedule();
    });
    try {
      await c.connect();
      await c.query(`listen ${EVENTS_CHANNEL}`);
      client = c;
      attempt = 0;
      onNotify(); // anything appended while we were not listening
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'events: cannot listen yet; polling meanwhile');
      c.end().catch(() => undefined);
    }
  };
  const schedule = () => {
    if (stopped || timer) return;
    const delay = Math.min(5000, 100 * 2 ** attempt++) * (0.5 + Math.random() / 2);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => undefined);
  };
}
