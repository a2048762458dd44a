export type BreakerState = 'closed' | 'halfOpen' | 'open';

export interface Breaker {
  name: string;
  state: BreakerState;
}

const STATES: Record<string, BreakerState> = { '0': 'closed', '1': 'halfOpen', '2': 'open' };
const LINE = /^bacon_plugin_breaker_state\{([^}]*)\}\s+(\S+)/;

/** Reads `bacon_plugin_breaker_state{breaker,plugin}` gauges (0 closed, 1 half-open, 2 open) by plugin. */
export function parseBreakerStates(metricsText: string): Record<string, Breaker[]> {
  const out: Record<string, Breaker[]> = {};
  for (const line of metricsText.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    const state = STATES[String(Number(m[2]))];
    if (!labels.plugin || !labels.breaker || !state) continue;
    (out[labels.plugin] ??= []).push({ name: labels.breaker, state });
  }
  return out;
}

/**
 * Circuit breaker states from the host's Prometheus endpoint (the plugin API does not carry them);
 * undefined when /metrics is not reachable from the browser (e.g. kept private by the proxy).
 */
export async function fetchBreakerStates(): Promise<Record<string, Breaker[]> | undefined> {
  try {
    const res = await fetch('/metrics', { headers: { Accept: 'text/plain' } });
    return res.ok ? parseBreakerStates(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}
