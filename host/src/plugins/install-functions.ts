import type { HostFunctionEntry } from './host-function-entry.js';
import { SandboxErrors } from './plugin-errors.js';

/** Longest reason a plugin may leave for the admin. */
export const DISABLE_REASON_MAX = 500;

/**
 * `ctx.install`: a plugin acting on its own install for the calling tenant; needs no grant (it can
 * only switch itself off). `install.disable(reason)` is for a state only an admin can repair (a
 * revoked refresh token): the plugin stops being called for the tenant and the admin sees `reason`
 * beside it until they enable it again.
 */
export const INSTALL_FUNCTIONS: readonly HostFunctionEntry[] = [
  {
    name: 'install.disable',
    capability: null,
    async run(scope, [reason], host) {
      if (typeof reason !== 'string' || !reason.trim())
        throw SandboxErrors.invalidArgument(undefined, 'install.disable: the reason is a non-empty string');
      await host.disableInstall(scope, reason.trim().slice(0, DISABLE_REASON_MAX));
      return null;
    },
  },
];
