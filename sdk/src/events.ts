import type { Knex } from 'knex';

/**
 * The durable event stream (transactional outbox), for trusted plugins: append events in the same
 * transaction as the change, consume them at least once, in order per key. See docs/plugins/events.md.
 */

/** An event to append; `key` orders it (e.g. the conversation id), `seq` is the key's sequence number. */
export interface NewDurableEvent {
  topic: string;
  tenantId: string;
  key?: string | null;
  seq?: number | null;
  payload: unknown;
}

/** What a consumer's handler receives. `id` is unique and stable: use it as the idempotency key. */
export interface DurableEvent {
  id: string;
  topic: string;
  tenantId: string;
  key: string | null;
  seq: number | null;
  payload: unknown;
  /** When the event was appended (ISO 8601). */
  at: string;
}

export interface ConsumeOptions {
  /** Deliveries of one event before it is parked (default 5). */
  maxAttempts?: number;
  /** Different keys handled at once by the lease holder (default 8); one key is always sequential. */
  concurrency?: number;
  /** First delay between attempts, doubled each time with jitter (default 200 ms, capped at `retryMaxMs`). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A new consumer starts at the oldest retained event (`start`, default) or after the newest (`now`). */
  from?: 'start' | 'now';
  /**
   * Splits the consumer by key hash into this many partitions (1 to 64, default 1), each with its own
   * lease and cursor, so several hosts share the work (each takes about its fair share). Per-key order
   * holds; changing the count of an existing consumer starts the new partitions from `from`.
   */
  partitions?: number;
}

export interface EventConsumer {
  /** Stops this host's loop (finishes the deliveries in flight and gives the lease back). */
  stop(): Promise<void>;
}

export interface PluginEventLog {
  /** Appends events inside the caller's transaction: they exist exactly when the change commits. */
  append(trx: Knex | Knex.Transaction, events: NewDurableEvent[]): Promise<void>;
  /**
   * The log's table, for a plugin that writes its events in the same SQL statement as its change (a
   * data-modifying CTE), so the outbox costs no extra round trip. Insert only the columns
   * `tenant_id, topic, key, seq, payload` (jsonb), exactly what `append` would write; the host owns
   * every other column. Absent when the log cannot be written that way.
   */
  readonly table?: string;
  /**
   * A durable consumer named `name` (namespaced by the plugin id) of the topics matching `patterns`
   * (`conversation.*`, `*`). At least once, in order per key, one delivery of a key in flight across
   * the cluster; a handler that throws is retried with backoff, then the event is parked.
   */
  consume(
    name: string,
    patterns: string | string[],
    handler: (event: DurableEvent) => Promise<void> | void,
    opts?: ConsumeOptions,
  ): Promise<EventConsumer>;
  /** The events of one key after `afterSeq` (catch-up reads), oldest first. */
  read(query: { tenantId: string; key: string; afterSeq?: number; limit?: number; topics?: string[] }): Promise<DurableEvent[]>;
}

/** An event a durable consumer gave up on, as the admin API lists it (`GET /api/v1/events/parked`). */
export interface ParkedEvent {
  id: string;
  consumer: string;
  eventId: string;
  topic: string;
  key: string | null;
  seq: number | null;
  payload: unknown;
  error: string;
  attempts: number;
  status: 'parked' | 'retrying';
  parkedAt: string;
}
