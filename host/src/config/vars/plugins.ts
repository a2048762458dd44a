import type { EnvVar } from './env-var.js';

/** Plugin runtime variables (sandbox limits, discovery...). BACON_PLUGINS is a kernel variable. */
export const PLUGIN_VARS: EnvVar[] = [];

/** Typed view of the plugin runtime variables in Config. */
export interface PluginsConfig {}
