import CircuitBreaker from 'opossum';
import type { Gauge } from 'prom-client';

export interface BreakerOptions {
  resetTimeoutMs: number;
  errorThresholdPercentage: number;
  volumeThreshold: number;
}

const STATE = { closed: 0, halfOpen: 1, open: 2 } as const;

/** Only failures that say something about the plugin or the remote count: not 4xx, not validation. */
export function countsAsFailure(err: unknown): boolean {
  const status = (err as { status?: number })?.status;
  return !(typeof status === 'number' && status >= 400 && status < 500);
}

/**
 * opossum 9 breakers by name (`plugin:action`, `plugin:host`), created on first use. Each runs the
 * function it is given (`fire(fn)`), so one breaker guards every call of its name. Their state is
 * the `bacon_plugin_breaker_state` gauge (0 closed, 1 half-open, 2 open).
 */
export class Breakers {
  private readonly byName = new Map<string, CircuitBreaker>();

  constructor(
    private readonly opts: BreakerOptions,
    private readonly gauge: Gauge<'breaker' | 'plugin'>,
  ) {}

  get(name: string, plugin: string): CircuitBreaker {
    let b = this.byName.get(name);
    if (b) return b;
    b = new CircuitBreaker((fn: () => Promise<unknown>) => fn(), {
      timeout: false,
      resetTimeout: this.opts.resetTimeoutMs,
      errorThresholdPercentage: this.opts.errorThresholdPercentage,
      volumeThreshold: this.opts.volumeThreshold,
      errorFilter: (err: unknown) => !countsAsFailure(err),
    });
    const set = (s: number) => this.gauge.set({ breaker: name, plugin }, s);
    set(STATE.closed);
    b.on('open', () => set(STATE.open));
    b.on('halfOpen', () => set(STATE.halfOpen));
    b.on('close', () => set(STATE.closed));
    this.byName.set(name, b);
    return b;
  }

  /** Runs `fn` through the named breaker; an open breaker rejects at once with opossum's EOPENBREAKER. */
  fire<T>(name: string, plugin: string, fn: () => Promise<T>): Promise<T> {
    return this.get(name, plugin).fire(fn) as Promise<T>;
  }

  state(name: string): 'closed' | 'open' | 'halfOpen' | undefined {
    const b = this.byName.get(name);
    if (!b) return undefined;
    return b.opened ? 'open' : b.halfOpen ? 'halfOpen' : 'closed';
  }

  /** The breakers of one plugin (its actions and its outbound hosts) and their states. */
  forPlugin(pluginId: string): { name: string; state: 'closed' | 'open' | 'halfOpen' }[] {
    return [...this.byName.keys()]
      .filter((n) => n.startsWith(`${pluginId}:`))
      .sort()
      .map((name) => ({ name, state: this.state(name)! }));
  }

  shutdown(): void {
    for (const b of this.byName.values()) b.shutdown();
    this.byName.clear();
  }
}
