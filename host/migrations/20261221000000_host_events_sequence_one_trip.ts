import type { Knex } from 'knex';

const BODY = (
  idleCheck: string,
) => `create or replace function host_events_sequence(lock_key bigint, max_rows integer) returns integer language plpgsql as $$
    declare n integer;
    begin
      ${idleCheck}
      if not pg_try_advisory_xact_lock(lock_key) then return 0; end if;
      update host_events e set pos = base.m + t.rn
        from (select id, row_number() over (order by id) as rn
                from (select id from host_events where pos is null order by id limit max_rows) u) t,
             (select greatest(
                 (select coalesce(max(pos), 0) from host_events where pos is not null),
                 (select coalesce(max(pos), 0) from host_event_consumers)) as m) base
       where e.id = t.id;
      get diagnostics n = row_count;
      return n;
    end $$`;

/**
 * The sequencer's idle check moves into the function: the host called it only after a first round
 * trip had found an unsequenced event (a look at the partial index `host_events_unsequenced`), so a
 * busy host paid two round trips per run. Now the function looks first and returns 0 when nothing
 * waits (no lock taken), so a run is one round trip, idle or busy. Positions are given exactly as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(BODY('if not exists (select 1 from host_events where pos is null) then return 0; end if;'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(BODY(''));
}
