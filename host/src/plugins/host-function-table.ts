import { CLOCK_FUNCTIONS } from './clock-functions.js';
import { CRYPTO_FUNCTIONS } from './crypto-functions.js';
import { contextNamespaces, type HostFunctionEntry } from './host-function-entry.js';

/** Host functions declared as table entries (one place each); the rest are still in host-functions.ts. */
export const HOST_FUNCTION_TABLE: readonly HostFunctionEntry[] = [...CRYPTO_FUNCTIONS, ...CLOCK_FUNCTIONS];

/** The `ctx` namespaces the table makes (`{crypto: ['hmac', ...]}`), built the same way in both tiers. */
export const TABLE_NAMESPACES: Readonly<Record<string, string[]>> = contextNamespaces(HOST_FUNCTION_TABLE);
