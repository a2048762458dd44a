import type { Knex } from 'knex';

/**
 * Deletes sequenced events that every consumer has passed and that are older than the retention.
 * With no consumer at all, age alone decides. Parked events keep their own copy, so they survive.
 * The newest sequenced event always stays: the sequencer continues from its position, so positions
 * never start again from 1 under a consumer's cursor.
 */
export async function pruneEvents(knex: Knex, retentionHours: number): Promise<number> {
  const res = await knex.raw(
    `delete from host_events
      where pos is not null
        and pos < (select max(pos) from host_events)
        and pos <= coalesce((select min(pos) from host_event_consumers), (select max(pos) from host_events))
        and created_at < now() - ? * interval '1 hour'`,
    [retentionHours],
  );
  return res.rowCount ?? res.affectedRows ?? 0;
}
