import { Counter, Gauge, type Registry } from 'prom-client';
import type { Knex } from 'knex';

export interface EventMetrics {
  handled: Counter<'consumer'>;
  failed: Counter<'consumer'>;
}

/**
 * Metrics of the durable event stream on the host registry. The lag and parked gauges are read from
 * the database at scrape time, so every host reports the cluster's figures, not only the lease holder's.
 */
export function createEventMetrics(registry: Registry, knex: Knex): EventMetrics {
  new Gauge({
    name: 'bacon_event_consumer_lag',
    help: 'Events a durable consumer is behind: newest position minus its cursor, plus events not sequenced yet',
    labelNames: ['consumer'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows: { name: string; lag: string | number }[] = (
        await knex.raw(
          `select c.name, greatest(0, (select coalesce(max(pos), 0) from host_events where pos is not null) - c.pos)
                  + (select count(*) from host_events where pos is null) as lag
             from host_event_consumers c`,
        )
      ).rows;
      for (const r of rows) this.set({ consumer: r.name }, Number(r.lag));
    },
  });
  new Gauge({
    name: 'bacon_event_parked',
    help: 'Parked events per durable consumer (failed too often; retry or discard them from the admin API)',
    labelNames: ['consumer'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows: { consumer: string; n: string | number }[] = await knex('host_event_parked')
        .select('consumer')
        .count('* as n')
        .groupBy('consumer');
      for (const r of rows) this.set({ consumer: r.consumer }, Number(r.n));
    },
  });
  return {
    handled: new Counter({
      name: 'bacon_event_handled_total',
      help: 'Events a durable consumer handled on this host',
      labelNames: ['consumer'] as const,
      registers: [registry],
    }),
    failed: new Counter({
      name: 'bacon_event_failed_total',
      help: 'Failed deliveries (each attempt) of a durable consumer on this host',
      labelNames: ['consumer'] as const,
      registers: [registry],
    }),
  };
}
