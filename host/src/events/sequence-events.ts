import type { Knex } from 'knex';

/** Cluster-wide advisory lock key of the sequencer ("bacon-sq"). */
const SEQUENCER_LOCK = '27691627416810353';

/**
 * Gives committed, unsequenced events their commit-order position (`pos`), in id order, after the
 * highest position given so far. A bigserial id is not commit order (a transaction holding id 104 can
 * commit after 105), so consumers read `pos > cursor`: positions only grow, and an event committed
 * late gets a later position instead of being skipped. One host sequences at a time (an advisory
 * lock); the others return at once and just read. The work is the `host_events_sequence` function
 * (migrations 20260201000000, 20261221000000): one round trip, idle or busy (it first looks at the
 * partial index of unsequenced events and returns 0 when none waits, without the lock), and its UPDATE
 * takes its snapshot after the lock, so it sees every position the previous holder committed. Returns
 * how many events it sequenced.
 */
export async function sequenceEvents(knex: Knex, limit = 5000): Promise<number> {
  const res = await knex.raw('select host_events_sequence(?::bigint, ?::integer) as n', [SEQUENCER_LOCK, limit]);
  return Number(res.rows[0]?.n ?? 0);
}

/** One sequencer run at a time per host: consumers that ask while one runs share its result. */
export function coalescedSequencer(knex: Knex): () => Promise<number> {
  let running: Promise<number> | undefined;
  return () =>
    (running ??= sequenceEvents(knex).finally(() => {
      running = undefined;
    }));
}
