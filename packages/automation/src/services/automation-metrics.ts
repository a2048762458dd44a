import { Counter, Histogram, type Registry } from 'prom-client';

export interface AutomationMetrics {
  /** Rules considered per event, by outcome: fired, failed, skipped_debounce, skipped_rate, skipped_loop, skipped_depth. */
  evaluations: Counter<'outcome'>;
  /** Time to evaluate one event against every enabled rule of its tenant (actions included). */
  eventDuration: Histogram<string>;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Automation's metrics on the host registry (one set per registry: a second init reuses them). */
export function createAutomationMetrics(registry: Registry): AutomationMetrics {
  return {
    evaluations: reuse(
      registry,
      'bacon_automation_evaluations_total',
      () =>
        new Counter({
          name: 'bacon_automation_evaluations_total',
          help: 'Automation rule evaluations that matched, by outcome',
          labelNames: ['outcome'],
          registers: [registry],
        }),
    ),
    eventDuration: reuse(
      registry,
      'bacon_automation_event_seconds',
      () =>
        new Histogram({
          name: 'bacon_automation_event_seconds',
          help: 'Time to evaluate one event against the enabled rules of its tenant, actions included',
          buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
          registers: [registry],
        }),
    ),
  };
}
