/**
 * `ctx.clock`: waiting, for plugins in both tiers, without a grant. The isolate has no timers; a
 * client that backs off (a provider's `Retry-After`, a throttle's restore rate) waits through the host.
 * A wait counts against the call's wall-clock deadline, never against its CPU time.
 */
export const CLOCK_LIMITS = Object.freeze({
  /** Longest single wait, in milliseconds. */
  sleepMs: 10_000,
});

export interface PluginClock {
  /** Resolves after `ms` milliseconds (0 to `CLOCK_LIMITS.sleepMs`). */
  sleep(ms: number): Promise<void>;
}
