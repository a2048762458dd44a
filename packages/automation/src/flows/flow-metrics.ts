import { Counter, Histogram, type Registry } from 'prom-client';

export interface FlowMetrics {
  /** Time each step took, by step type and outcome (`ok`, `failed`). */
  stepDuration: Histogram<'type' | 'outcome'>;
  /** Runs that ended, by status: done, failed, handed_over. */
  runsEnded: Counter<'status'>;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Flows' metrics on the host registry (one set per registry: a second init reuses them). */
export function createFlowMetrics(registry: Registry): FlowMetrics {
  return {
    stepDuration: reuse(
      registry,
      'bacon_automation_flow_step_seconds',
      () =>
        new Histogram({
          name: 'bacon_automation_flow_step_seconds',
          help: 'Time of one flow step, by step type and outcome (a wait counts until its question is sent)',
          labelNames: ['type', 'outcome'],
          buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15],
          registers: [registry],
        }),
    ),
    runsEnded: reuse(
      registry,
      'bacon_automation_flow_runs_total',
      () =>
        new Counter({
          name: 'bacon_automation_flow_runs_total',
          help: 'Flow runs that ended, by status (done, failed, handed_over)',
          labelNames: ['status'],
          registers: [registry],
        }),
    ),
  };
}
