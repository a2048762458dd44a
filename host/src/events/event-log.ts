import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { withRetry, type ConsumeOptions, type DurableEvent, type EventConsumer, type PluginEventLog } from '@bacon/sdk';
import type { Database } from '../db/connect.js';
import type { Logger } from '../logs/logger.js';
import type { Config } from '../config/index.js';
import type { Jobs } from '../jobs/jobs.js';
import type { HostMetrics } from '../metrics/metrics.js';
import { appendEvents } from './append-events.js';
import { EventConsumerLoop, type EventHandler } from './event-consumer.js';
import { EventErrors } from './event-errors.js';
import { createEventMetrics } from './event-metrics.js';
import { toDurableEvent, type EventRow } from './event-rows.js';
import { listenForEvents } from './listen-events.js';
import { pruneEvents } from './prune-events.js';
import { coalescedSequencer } from './sequence-events.js';
import { PartitionGroup } from './partition-group.js';

export interface EventLogOptions {
  db: Database;
  log: Logger;
  metrics: HostMetrics;
  jobs: Jobs;
  config: Pick<Config, 'databaseUrl' | 'eventsPollMs' | 'eventsLeaseMs' | 'eventsRetentionHours' | 'eventsPruneMinutes'>;
}

/** The host's durable event stream: what plugins get (scoped by `forPlugin`), plus start/stop. */
export interface EventLog extends PluginEventLog {
  /** The same log with consumer names prefixed by the plugin id (`<pluginId>:<name>`). */
  forPlugin(pluginId: string): PluginEventLog;
  /** Wakes this host's consumers now, and has them look at the parked list for admin retries at once. */
  wake(): void;
  stop(): Promise<void>;
}

const NAME = /^[A-Za-z0-9._:-]{1,120}$/;
export const PRUNE_QUEUE = 'host.events-prune';

export async function createEventLog(o: EventLogOptions): Promise<EventLog> {
  const knex = o.db.knex;
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const metrics = createEventMetrics(o.metrics.registry, knex);
  const sequence = coalescedSequencer(knex);
  const consumers = new Map<string, EventConsumerLoop>();
  const stoppers = new Set<() => Promise<void>>();
  const wake = () => {
    for (const c of consumers.values()) c.wake.signal();
  };
  const unlisten = await listenForEvents(o.db, o.config.databaseUrl, o.log, wake);

  // The prune job schedules its next run whatever happens to this one, so the chain never stops.
  const scheduleNextPrune = () => o.jobs.send(PRUNE_QUEUE, {}, { startAfter: o.config.eventsPruneMinutes * 60, singletonKey: 'prune' });
  const prune = async () => {
    try {
      const n = await pruneEvents(knex, o.config.eventsRetentionHours);
      if (n) o.log.info({ deleted: n }, 'events: pruned');
    } finally {
      await scheduleNextPrune();
    }
  };
  // Hosts booting together create the queue at once: pg-boss may deadlock, and trying again is safe.
  await withRetry(() => o.jobs.work(PRUNE_QUEUE, prune));
  await withRetry(() => scheduleNextPrune());

  const consume = async (
    name: string,
    patterns: string | string[],
    handler: EventHandler,
    opts?: ConsumeOptions,
  ): Promise<EventConsumer> => {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    if (!NAME.test(name) || !list.length || list.some((p) => typeof p !== 'string' || !p)) throw EventErrors.invalidConsumer({ name });
    const count = opts?.partitions ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 64) throw EventErrors.invalidConsumer({ name, partitions: count });
    const names = count === 1 ? [name] : Array.from({ length: count }, (_, i) => `${name}#${i}`);
    if (names.some((n) => consumers.has(n))) throw EventErrors.duplicateConsumer({ name });
    const { eventsLeaseMs: leaseMs, eventsPollMs: pollMs } = o.config;
    const group = count > 1 ? new PartitionGroup(knex, name, owner, count, leaseMs, Math.max(50, pollMs / 2)) : undefined;
    const loops = names.map((n, index) => {
      const deps = { knex, log: o.log, metrics, owner, sequence, leaseMs, pollMs, partition: group && { index, group } };
      const loop = new EventConsumerLoop(deps, n, list, handler, opts);
      consumers.set(n, loop);
      return loop;
    });
    for (const loop of loops) await loop.start();
    const stop = async () => {
      stoppers.delete(stop);
      for (const n of names) consumers.delete(n);
      await Promise.all(loops.map((l) => l.stop()));
      await group?.leave();
    };
    stoppers.add(stop);
    return { stop };
  };

  const read: PluginEventLog['read'] = async (q) => {
    const rows: EventRow[] = await knex('host_events')
      .where({ tenant_id: q.tenantId, key: q.key })
      .modify((b) => {
        if (q.afterSeq !== undefined) b.where('seq', '>', q.afterSeq);
        if (q.topics?.length) b.whereIn('topic', q.topics);
      })
      .orderBy([
        { column: 'seq', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(Math.min(Math.max(q.limit ?? 500, 1), 5000));
    return rows.map(toDurableEvent);
  };

  const log: EventLog = {
    append: appendEvents,
    table: 'host_events',
    consume,
    read,
    forPlugin(pluginId) {
      return {
        append: appendEvents,
        table: 'host_events',
        read,
        consume: (name, patterns, handler, opts) => consume(`${pluginId}:${name}`, patterns, handler, opts),
      };
    },
    wake() {
      for (const c of consumers.values()) c.retryRequested();
    },
    async stop() {
      await Promise.all([...stoppers].map((s) => s()));
      consumers.clear();
      await unlisten();
    },
  };
  return log;
}

export type { DurableEvent };
