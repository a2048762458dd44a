import { CLOCK_LIMITS } from '@bacon/sdk';
import type { HostFunctionEntry } from './host-function-entry.js';
import { SandboxErrors } from './plugin-errors.js';

/** `ctx.clock`: needs no grant. A wait is bounded by `CLOCK_LIMITS.sleepMs` and by the call's deadline. */
export const CLOCK_FUNCTIONS: readonly HostFunctionEntry[] = [
  {
    name: 'clock.sleep',
    capability: null,
    async run(_s, [ms]) {
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > CLOCK_LIMITS.sleepMs)
        throw SandboxErrors.invalidArgument(
          undefined,
          `clock.sleep: the wait is a number of milliseconds from 0 to ${CLOCK_LIMITS.sleepMs}`,
        );
      await new Promise((resolve) => setTimeout(resolve, ms).unref());
      return null;
    },
  },
];
