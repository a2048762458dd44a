import type { Knex } from 'knex';
import type { ConsumeOptions, DurableEvent } from '@bacon/sdk';
import type { Logger } from '../logs/logger.js';
import type { EventMetrics } from './event-metrics.js';
import { likePattern, toDurableEvent, type EventRow } from './event-rows.js';
import { parkEvent, parkedAsEvent, type ParkedRow } from './parked-events.js';
import { WakeSignal } from './wake-signal.js';
import type { PartitionGroup } from './partition-group.js';

export type EventHandler = (event: DurableEvent) => Promise<void> | void;

export interface ConsumerDeps {
  knex: Knex;
  log: Logger;
  metrics: EventMetrics;
  /** This host's lease owner id. */
  owner: string;
  leaseMs: number;
  pollMs: number;
  /** Runs the sequencer (shared by this host's consumers). */
  sequence: () => Promise<number>;
  batchSize?: number;
  /** This loop is partition `index` of a partitioned consumer (keys split by hash). */
  partition?: { index: number; group: PartitionGroup };
}

const BATCH = 500;
/**
 * Under a stream of commits (each notifies), a consumer starts a step at most this often, so each
 * step takes the events of several commits instead of one: its three round trips are shared. A
 * lone event after a quiet spell is read at once.
 */
const STEP_SPACING_MS = 20;

/**
 * One durable consumer on this host. Every host runs the loop; the one holding the consumer's lease
 * (a row in host_event_consumers, renewed while it runs, taken over once expired) delivers. It reads
 * `pos > cursor`, runs different keys concurrently and each key's events one after the other, retries
 * a failing handler with jittered exponential backoff, parks the event after `maxAttempts`, and moves
 * the cursor to the finished contiguous prefix only. Admin retries of parked events run here too.
 */
export class EventConsumerLoop {
  readonly wake = new WakeSignal();
  private readonly stopSignal = new WakeSignal();
  private stopped = false;
  private running?: Promise<void>;
  private leaseLost = false;
  /** The cursor while this host's lease is fresh (renewed less than a third of the lease ago). */
  private held?: { cursor: number; freshUntil: number };
  private readonly like: string[];
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  /** When the parked list is next looked at for admin retries (at once after `retryRequested`). */
  private retriesDueAt = 0;
  private lastStepAt = 0;

  constructor(
    private readonly deps: ConsumerDeps,
    readonly name: string,
    patterns: string[],
    private readonly handler: EventHandler,
    private readonly opts: ConsumeOptions = {},
  ) {
    this.like = patterns.map(likePattern);
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
  }

  async start(): Promise<void> {
    const { knex } = this.deps;
    const start = this.opts.from === 'now' ? knex.raw('(select coalesce(max(pos), 0) from host_events where pos is not null)') : 0;
    await knex('host_event_consumers').insert({ name: this.name, pos: start }).onConflict('name').ignore();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.signal();
    this.stopSignal.signal();
    await this.running;
    await this.deps
      .knex('host_event_consumers')
      .where({ name: this.name, lease_owner: this.deps.owner })
      .update({ lease_owner: null, lease_until: null })
      .catch(() => undefined);
    this.held = undefined;
    this.trackHeld();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let more = false;
      this.lastStepAt = Date.now();
      try {
        const part = this.deps.partition;
        if (part) await part.group.beat();
        const acquire = !part || this.held !== undefined || part.group.mayTake();
        const cursor = this.held && Date.now() < this.held.freshUntil ? this.held.cursor : await this.takeLease(acquire);
        if (cursor !== undefined) more = await this.runOnce(cursor);
        if (part && this.held && part.group.mustRelease(part.index)) await this.release();
      } catch (err) {
        if (!this.stopped) this.deps.log.error({ err, consumer: this.name }, 'events: consumer step failed');
      }
      if (!more && !this.stopped) {
        await this.wake.wait(this.deps.pollMs);
        const early = this.lastStepAt + STEP_SPACING_MS - Date.now();
        if (early > 0 && !this.stopped) await this.stopSignal.wait(early);
      }
    }
  }

  /**
   * An admin asked this host to retry parked events: the next step looks at the parked list at once
   * instead of at its next turn (a step looks at most once per poll interval, so a busy consumer does
   * not pay a round trip per batch for a list that is almost always empty).
   */
  retryRequested(): void {
    this.retriesDueAt = 0;
    this.wake.signal();
  }

  /** Gives the lease back (a partition above this host's share); another host takes it from the cursor. */
  private async release(): Promise<void> {
    await this.deps
      .knex('host_event_consumers')
      .where({ name: this.name, lease_owner: this.deps.owner })
      .update({ lease_owner: null, lease_until: null });
    this.held = undefined;
    this.deps.partition?.group.held.delete(this.deps.partition.index);
  }

  /** Takes (when `acquire`) or renews the lease; returns the cursor when this host holds it. */
  private async takeLease(acquire = true): Promise<number | undefined> {
    const { knex, owner, leaseMs } = this.deps;
    const asked = Date.now();
    const rows = await knex('host_event_consumers')
      .where({ name: this.name })
      .andWhere((b) =>
        acquire
          ? b.where({ lease_owner: owner }).orWhereNull('lease_owner').orWhere('lease_until', '<', knex.fn.now())
          : b.where({ lease_owner: owner }),
      )
      .update({ lease_owner: owner, lease_until: knex.raw(`now() + ? * interval '1 millisecond'`, [leaseMs]), updated_at: knex.fn.now() })
      .returning('pos');
    this.leaseLost = false;
    this.held = rows.length ? { cursor: Number(rows[0].pos), freshUntil: asked + leaseMs / 3 } : undefined;
    this.trackHeld();
    return this.held?.cursor;
  }

  /** Renews the lease and saves the cursor; false when another host took the lease. */
  private async renew(pos: number): Promise<boolean> {
    const { knex, owner, leaseMs } = this.deps;
    const asked = Date.now();
    const n = await knex('host_event_consumers')
      .where({ name: this.name, lease_owner: owner })
      .update({
        lease_until: knex.raw(`now() + ? * interval '1 millisecond'`, [leaseMs]),
        pos: knex.raw('greatest(pos, ?)', [pos]),
        updated_at: knex.fn.now(),
      });
    if (!n) {
      this.leaseLost = true;
      this.held = undefined;
      this.trackHeld();
    } else this.held = { cursor: Math.max(this.held?.cursor ?? 0, pos), freshUntil: asked + leaseMs / 3 };
    return n > 0;
  }

  private trackHeld(): void {
    const part = this.deps.partition;
    if (!part) return;
    if (this.held) part.group.held.add(part.index);
    else part.group.held.delete(part.index);
  }

  /** One step as lease holder; true when there may be more to do right away. */
  private async runOnce(cursor: number): Promise<boolean> {
    const { knex } = this.deps;
    await this.deps.sequence();
    const retried = Date.now() >= this.retriesDueAt && (await this.runRequestedRetries());
    const limit = this.deps.batchSize ?? BATCH;
    // The newest position and the next matching events, in one round trip.
    const topics = this.like.map(() => 'e.topic like ?').join(' or ');
    const part = this.deps.partition;
    const mine = part ? `and (hashtext(coalesce(e.key, e.id::text)) & 2147483647) % ${part.group.count} = ${part.index}` : '';
    const res = await knex.raw(
      `with m as (select coalesce(max(pos), 0) as max_pos from host_events where pos is not null)
       select m.max_pos, e.* from m left join lateral (
         select * from host_events e where e.pos > ? and e.pos <= m.max_pos and (${topics}) ${mine} order by e.pos limit ?
       ) e on true`,
      [cursor, ...this.like, limit],
    );
    const found = res.rows as (EventRow & { max_pos: string | number })[];
    const max = Number(found[0]?.max_pos ?? 0);
    if (max <= cursor) return retried;
    const rows: EventRow[] = found.filter((r) => r.id !== null);
    const full = rows.length === limit;
    const end = full ? Number(rows.at(-1)!.pos) : max;
    const finished = await this.deliverBatch(rows, cursor);
    if (finished && !this.leaseLost) await this.renew(end);
    return full && finished;
  }

  /**
   * Delivers a batch: keys in parallel (bounded), one key's events in order. A renewal timer keeps the
   * lease and saves the finished prefix; false when the batch stopped early (lease lost, stopping).
   */
  private async deliverBatch(rows: EventRow[], cursor: number): Promise<boolean> {
    if (!rows.length) return true;
    const done = new Array<boolean>(rows.length).fill(false);
    let prefix = 0;
    const prefixPos = () => {
      while (prefix < rows.length && done[prefix]) prefix++;
      return prefix ? Number(rows[prefix - 1].pos) : cursor;
    };
    const groups = new Map<string, number[]>();
    rows.forEach((r, i) => {
      const k = r.key ?? `#${r.id}`;
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
    });
    const queue = [...groups.values()];
    const timer = setInterval(() => void this.renew(prefixPos()).catch(() => undefined), Math.max(50, Math.floor(this.deps.leaseMs / 3)));
    try {
      const worker = async () => {
        for (let g = queue.shift(); g; g = queue.shift()) {
          for (const i of g) {
            if (this.stopped || this.leaseLost) return;
            if (!(await this.deliver(toDurableEvent(rows[i])))) return;
            done[i] = true;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    } finally {
      clearInterval(timer);
    }
    const all = prefixPos() === Number(rows.at(-1)!.pos);
    if (!all && !this.leaseLost) await this.renew(prefixPos());
    return all;
  }

  /** Runs the handler until it succeeds or the event is parked; false when interrupted (not done). */
  private async deliver(ev: DurableEvent): Promise<boolean> {
    const { metrics, log } = this.deps;
    let lastErr = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        await this.handler(ev);
        metrics.handled.inc({ consumer: this.name });
        return true;
      } catch (err) {
        metrics.failed.inc({ consumer: this.name });
        lastErr = err instanceof Error ? err.message : String(err);
        log.warn({ consumer: this.name, eventId: ev.id, attempt, err: lastErr }, 'events: handler failed');
      }
      if (attempt < this.maxAttempts) {
        await this.backoff(attempt);
        if (this.stopped || this.leaseLost) return false;
      }
    }
    await parkEvent(this.deps.knex, this.name, ev, lastErr, this.maxAttempts);
    log.error({ consumer: this.name, eventId: ev.id, topic: ev.topic }, 'events: event parked after repeated failures');
    return true;
  }

  private backoff(attempt: number): Promise<void> {
    const base = this.opts.retryBaseMs ?? 200;
    const cap = this.opts.retryMaxMs ?? 30_000;
    const ms = Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    return this.stopSignal.wait(ms);
  }

  /** Parked events an admin asked to retry: delivered once each, here, by the lease holder. */
  private async runRequestedRetries(): Promise<boolean> {
    const { knex, metrics } = this.deps;
    const rows: ParkedRow[] = await knex('host_event_parked').where({ consumer: this.name, status: 'retrying' }).orderBy('id').limit(20);
    // A full page may have more behind it: look again next step; else at the next poll interval.
    this.retriesDueAt = rows.length ? 0 : Date.now() + this.deps.pollMs;
    for (const r of rows) {
      try {
        await this.handler(parkedAsEvent(r));
        metrics.handled.inc({ consumer: this.name });
        await knex('host_event_parked').where({ id: r.id }).delete();
      } catch (err) {
        metrics.failed.inc({ consumer: this.name });
        await knex('host_event_parked')
          .where({ id: r.id })
          .update({
            status: 'parked',
            attempts: r.attempts + 1,
            error: (err instanceof Error ? err.message : String(err)).slice(0, 2000),
            parked_at: knex.fn.now(),
          });
      }
    }
    return rows.length > 0;
  }
}
