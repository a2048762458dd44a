export { loadConfig, ConfigError } from './load-config.js';
export type { Config, NodeEnv, LogLevel } from './load-config.js';
export { ENV_VARS } from './env-vars.js';
export type { EnvVar } from './env-vars.js';
