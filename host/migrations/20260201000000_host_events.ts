import type { Knex } from 'knex';

/**
 * The durable event stream (transactional outbox). `host_events.id` is insertion order only; `pos` is
 * the commit order, given to committed rows by the sequencer (see host/src/events/sequence-events.ts).
 * A statement-level trigger notifies `bacon_events` so listening hosts wake without the producer
 * sending anything more. Consumers keep a cursor and a lease each; events that keep failing are
 * copied to `host_event_parked`, so pruning the log never loses them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('host_events', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('pos').nullable();
    t.text('tenant_id').notNullable();
    t.text('topic').notNullable();
    t.text('key').nullable();
    t.integer('seq').nullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create unique index host_events_pos on host_events (pos) where pos is not null');
  await knex.raw('create index host_events_unsequenced on host_events (id) where pos is null');
  await knex.raw('create index host_events_catch_up on host_events (tenant_id, key, seq)');
  await knex.raw(`create function host_events_notify() returns trigger language plpgsql as $$
    begin perform pg_notify('bacon_events', ''); return null; end $$`);
  await knex.raw('create trigger host_events_notify after insert on host_events for each statement execute function host_events_notify()');
  // The sequencer in one statement (see host/src/events/sequence-events.ts). A volatile plpgsql
  // function takes a new snapshot per statement, so the UPDATE sees every position committed by the
  // previous lock holder; the lock is released when the caller's (auto-commit) transaction ends.
  await knex.raw(`create function host_events_sequence(lock_key bigint, max_rows integer) returns integer language plpgsql as $$
    declare n integer;
    begin
      if not pg_try_advisory_xact_lock(lock_key) then return 0; end if;
      update host_events e set pos = base.m + t.rn
        from (select id, row_number() over (order by id) as rn
                from (select id from host_events where pos is null order by id limit max_rows) u) t,
             (select coalesce(max(pos), 0) as m from host_events where pos is not null) base
       where e.id = t.id;
      get diagnostics n = row_count;
      return n;
    end $$`);

  await knex.schema.createTable('host_event_consumers', (t) => {
    t.text('name').primary();
    t.bigInteger('pos').notNullable().defaultTo(0);
    t.text('lease_owner').nullable();
    t.timestamp('lease_until', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Hosts running a partitioned consumer, for its fair share of partitions per host.
  await knex.schema.createTable('host_event_members', (t) => {
    t.text('consumer').notNullable();
    t.text('owner').notNullable();
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['consumer', 'owner']);
  });

  await knex.schema.createTable('host_event_parked', (t) => {
    t.bigIncrements('id').primary();
    t.text('consumer').notNullable();
    t.bigInteger('event_id').notNullable();
    t.text('tenant_id').notNullable();
    t.text('topic').notNullable();
    t.text('key').nullable();
    t.integer('seq').nullable();
    t.jsonb('payload').notNullable();
    t.timestamp('event_at', { useTz: true }).notNullable();
    t.text('error').notNullable();
    t.integer('attempts').notNullable();
    /** `parked`, or `retrying` once an admin asked for one more delivery. */
    t.text('status').notNullable().defaultTo('parked');
    t.timestamp('parked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['consumer', 'event_id']);
    t.index(['tenant_id', 'consumer']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('host_event_parked');
  await knex.schema.dropTableIfExists('host_event_consumers');
  await knex.schema.dropTableIfExists('host_event_members');
  await knex.raw('drop trigger if exists host_events_notify on host_events');
  await knex.schema.dropTableIfExists('host_events');
  await knex.raw('drop function if exists host_events_notify()');
  await knex.raw('drop function if exists host_events_sequence(bigint, integer)');
}
