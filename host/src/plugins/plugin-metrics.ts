import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface PluginMetrics {
  callDuration: Histogram<'plugin' | 'kind' | 'name' | 'outcome'>;
  failures: Counter<'plugin' | 'kind' | 'name' | 'code'>;
  timeouts: Counter<'plugin' | 'kind' | 'name'>;
  breakerState: Gauge<'breaker' | 'plugin'>;
  isolateMemory: Gauge<'plugin'>;
  runnerRestarts: Counter<string>;
  healthy: Gauge<'plugin' | 'tier'>;
}

/**
 * The plugin runtime's metrics on the host registry. Isolate memory is collected from the runners
 * when /metrics is scraped (`heap` answers per plugin id), and so is each plugin's health.
 */
export function createPluginMetrics(
  registry: Registry,
  heap: () => Promise<{ pluginId: string; usedHeap: number }[]>,
  health: () => Promise<{ plugin: string; tier: string; ok: boolean }[]> = async () => [],
): PluginMetrics {
  return {
    callDuration: new Histogram({
      name: 'bacon_plugin_call_duration_seconds',
      help: 'Duration of calls into plugins (actions, triggers, checks), by outcome',
      labelNames: ['plugin', 'kind', 'name', 'outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'bacon_plugin_call_failures_total',
      help: 'Failed calls into plugins, by error code',
      labelNames: ['plugin', 'kind', 'name', 'code'] as const,
      registers: [registry],
    }),
    timeouts: new Counter({
      name: 'bacon_plugin_call_timeouts_total',
      help: 'Calls into plugins that hit their CPU timeout or wall-clock deadline',
      labelNames: ['plugin', 'kind', 'name'] as const,
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: 'bacon_plugin_breaker_state',
      help: 'Plugin circuit breakers: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker', 'plugin'] as const,
      registers: [registry],
    }),
    isolateMemory: new Gauge({
      name: 'bacon_plugin_isolate_memory_bytes',
      help: 'Heap used by each sandboxed plugin isolate',
      labelNames: ['plugin'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const s of await heap()) this.set({ plugin: s.pluginId }, s.usedHeap);
      },
    }),
    runnerRestarts: new Counter({
      name: 'bacon_sandbox_runner_restarts_total',
      help: 'Times a sandbox runner process was restarted after dying',
      registers: [registry],
    }),
    healthy: new Gauge({
      name: 'bacon_plugin_healthy',
      help: "Each plugin's health (1 healthy, 0 not); only trusted plugins decide /readyz",
      labelNames: ['plugin', 'tier'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const h of await health()) this.set({ plugin: h.plugin, tier: h.tier }, h.ok ? 1 : 0);
      },
    }),
  };
}
