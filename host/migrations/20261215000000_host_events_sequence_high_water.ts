import type { Knex } from 'knex';

const BODY = (
  base: string,
) => `create or replace function host_events_sequence(lock_key bigint, max_rows integer) returns integer language plpgsql as $$
    declare n integer;
    begin
      if not pg_try_advisory_xact_lock(lock_key) then return 0; end if;
      update host_events e set pos = base.m + t.rn
        from (select id, row_number() over (order by id) as rn
                from (select id from host_events where pos is null order by id limit max_rows) u) t,
             (${base}) base
       where e.id = t.id;
      get diagnostics n = row_count;
      return n;
    end $$`;

/**
 * The sequencer numbered new events after the highest position still in the log. A GDPR erasure (or
 * a prune) that deletes the newest events made it hand out positions consumers had already passed,
 * and those consumers never saw the new events. Positions now start after the highest one any
 * consumer's cursor has reached as well, so they only ever grow.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    BODY(`select greatest(
               (select coalesce(max(pos), 0) from host_events where pos is not null),
               (select coalesce(max(pos), 0) from host_event_consumers)) as m`),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(BODY('select coalesce(max(pos), 0) as m from host_events where pos is not null'));
}
