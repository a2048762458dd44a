import type { CapabilityName } from '@bacon/sdk';
import type { CallScope } from './call-scope.js';

/**
 * One host function, declared once: its bridge name (`namespace.method`, which is also its path on
 * `ctx`), the capability a tenant must grant (null: none), and its implementation (validates its
 * arguments, throws SDK errors). The capability map, the host's dispatcher, the isolate's `ctx`
 * and the trusted ActionContext are all derived from a list of these.
 */
export interface HostFunctionEntry {
  name: `${string}.${string}`;
  capability: CapabilityName | null;
  run(scope: CallScope, args: unknown[], host: HostFunctionHost): unknown;
}

/** What the host lends table entries that act on it (most use nothing but their arguments). */
export interface HostFunctionHost {
  /** Disables the calling plugin for the scope's tenant, keeping `reason` for the admin. */
  disableInstall(scope: CallScope, reason: string): Promise<void>;
}

/** `{crypto: ['hmac', ...]}`: the `ctx` namespaces a list of entries makes, for the two ctx builders. */
export function contextNamespaces(entries: readonly HostFunctionEntry[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const { name } of entries) {
    const [ns, method] = name.split('.') as [string, string];
    (out[ns] ??= []).push(method);
  }
  return out;
}
