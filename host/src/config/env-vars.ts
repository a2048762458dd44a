import { KERNEL_VARS } from './vars/kernel.js';
import { AUTH_VARS } from './vars/auth.js';
import { PLUGIN_VARS } from './vars/plugins.js';
import { EVENT_VARS } from './vars/events.js';

export type { EnvVar } from './vars/env-var.js';

/** Every environment variable the host reads, in documentation order. */
export const ENV_VARS = [...KERNEL_VARS, ...AUTH_VARS, ...PLUGIN_VARS, ...EVENT_VARS];
