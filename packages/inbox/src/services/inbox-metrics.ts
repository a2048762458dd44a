import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Knex } from 'knex';
import { countByState } from '../repositories/conversations.js';

export interface InboxMetrics {
  /** How long an assignment decision takes (lock, pick, write), by strategy. */
  assignmentDuration: Histogram<'plugin' | 'strategy'>;
  /** How long a conversation waited before it was assigned, by strategy. */
  assignmentWait: Histogram<'plugin' | 'strategy'>;
  reassignments: Counter<'plugin'>;
  queueDepth: Gauge<'plugin' | 'state'>;
}

/** The inbox's metrics on the host registry; queue depth is counted from the database at scrape time. */
export function createInboxMetrics(registry: Registry, db: Knex): InboxMetrics {
  const registers = [registry];
  return {
    assignmentDuration: new Histogram({
      name: 'bacon_inbox_assignment_duration_seconds',
      help: 'Time to make and store one assignment decision',
      labelNames: ['plugin', 'strategy'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    assignmentWait: new Histogram({
      name: 'bacon_inbox_assignment_wait_seconds',
      help: 'Time a conversation waited in the queue before it was assigned',
      labelNames: ['plugin', 'strategy'] as const,
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 14400, 86400],
      registers,
    }),
    reassignments: new Counter({
      name: 'bacon_inbox_reassignments_total',
      help: 'Assignments that moved a conversation from one agent to another',
      labelNames: ['plugin'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'bacon_inbox_queue_depth',
      help: 'Conversations per queue state, all tenants',
      labelNames: ['plugin', 'state'] as const,
      registers,
      async collect() {
        const counts = await countByState(db);
        for (const [state, n] of Object.entries(counts)) this.set({ plugin: 'inbox', state }, n);
      },
    }),
  };
}
