import type { EnvVar } from './env-var.js';

/** The durable event stream's variables. Documented in docs/configuration.md#events. */
export const EVENT_VARS: EnvVar[] = [
  {
    name: 'BACON_EVENTS_POLL_MS',
    key: 'eventsPollMs',
    schema: { type: 'integer', minimum: 50, maximum: 60000, default: 1000 },
    doc: 'How often durable consumers look for new events when no notification woke them (the fallback of LISTEN/NOTIFY), in milliseconds.',
  },
  {
    name: 'BACON_EVENTS_LEASE_MS',
    key: 'eventsLeaseMs',
    schema: { type: 'integer', minimum: 300, maximum: 600000, default: 15000 },
    doc: "How long a host holds a durable consumer's lease without renewing it; after a crash, another host takes the consumer over once it runs out.",
  },
  {
    name: 'BACON_EVENTS_RETENTION_HOURS',
    key: 'eventsRetentionHours',
    schema: { type: 'integer', minimum: 0, maximum: 87600, default: 168 },
    doc: 'Events older than this that every consumer has passed are deleted by the prune job (parked events keep their own copy).',
  },
  {
    name: 'BACON_EVENTS_PRUNE_MINUTES',
    key: 'eventsPruneMinutes',
    schema: { type: 'integer', minimum: 1, maximum: 10080, default: 60 },
    doc: 'How often the prune job runs, in minutes.',
  },
];

/** Typed view of the event variables in Config. */
export interface EventsConfig {
  eventsPollMs: number;
  eventsLeaseMs: number;
  eventsRetentionHours: number;
  eventsPruneMinutes: number;
}
