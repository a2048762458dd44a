import { TIME_LIMITS } from '@bacon/sdk';
import type { HostFunctionEntry } from './host-function-entry.js';
import { SandboxErrors } from './plugin-errors.js';

/** Longest single wait a plugin may ask for; the call's own deadline still bounds the total. */
export const SLEEP_MAX_MS = TIME_LIMITS.sleepMs;

/**
 * `ctx.time`: the isolate has no timers, so a plugin that backs off (a provider's `Retry-After`)
 * waits through the host. Needs no grant: it reaches nothing, and the call's deadline bounds it.
 */
export const TIME_FUNCTIONS: readonly HostFunctionEntry[] = [
  {
    name: 'time.sleep',
    capability: null,
    run(_s, [ms]) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > SLEEP_MAX_MS)
        throw SandboxErrors.invalidArgument(undefined, `time.sleep: the wait is a number of milliseconds from 0 to ${SLEEP_MAX_MS}`);
      return new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref());
    },
  },
];
