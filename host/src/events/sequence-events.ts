import type { Knex } from 'knex';

/** Cluster-wide advisory lock key of the sequencer ("bacon-sq"). */
const SEQUENCER_LOCK = 0x6261636f6e7371;

/**
 * Gives committed, unsequenced events their commit-order position (`pos`), in id order, after the
 * highest position given so far. A bigserial id is not commit order (a transaction holding id 104 can
 * commit after 105), so consumers read `pos > cursor`: positions only grow, and an event committed
 * late gets a later position instead of being skipped. One host sequences at a time (the advisory
 * lock); the others return at once and just read. The lock is taken in its own statement so the
 * UPDATE's snapshot sees every position the previous holder committed. Returns how many it sequenced.
 */
export async function sequenceEvents(knex: Knex, limit = 5000): Promise<number> {
  // Idle hosts poll: one cheap look (a partial index) instead of a transaction when nothing waits.
  const waiting = await knex('host_events').whereNull('pos').select('id').first();
  if (!waiting) return 0;
  return knex.transaction(async (trx) => {
    const lock = await trx.raw('select pg_try_advisory_xact_lock(?) as got', [SEQUENCER_LOCK]);
    if (!lock.rows[0]?.got) return 0;
    const res = await trx.raw(
      `update host_events e set pos = base.m + t.rn
         from (select id, row_number() over (order by id) as rn
                 from (select id from host_events where pos is null order by id limit ?) u) t,
              (select coalesce(max(pos), 0) as m from host_events where pos is not null) base
        where e.id = t.id`,
      [limit],
    );
    return res.rowCount ?? res.affectedRows ?? 0;
  });
}

/** One sequencer run at a time per host: consumers that ask while one runs share its result. */
export function coalescedSequencer(knex: Knex): () => Promise<number> {
  let running: Promise<number> | undefined;
  return () =>
    (running ??= sequenceEvents(knex).finally(() => {
      running = undefined;
    }));
}
