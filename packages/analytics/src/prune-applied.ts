import type { Knex } from 'knex';

/**
 * Forgets applied event ids whose event the host has pruned from its log (`eventsTable`): the host
 * prunes an event only once every consumer's cursor has passed it, and a consumer is only ever handed
 * events that are still in the log (a parked event failed, so it was never applied), so such an id can
 * never be delivered again. At most `limit` ids per call; answers how many were deleted.
 */
export async function pruneAppliedEvents(db: Knex, eventsTable: string, limit = 10_000): Promise<number> {
  const res = await db.raw(
    `DELETE FROM analytics_applied_events WHERE event_id IN (
       SELECT a.event_id FROM analytics_applied_events a
        WHERE NOT EXISTS (SELECT 1 FROM ?? e WHERE e.id = a.event_id)
        LIMIT ?)`,
    [eventsTable, limit],
  );
  return res.rowCount ?? res.affectedRows ?? 0;
}
