import type { EnvVar } from './env-var.js';

/** Auth and security variables (keys, admin bootstrap, rate limits...). */
export const AUTH_VARS: EnvVar[] = [];

/** Typed view of the auth variables in Config. */
export interface AuthConfig {}
