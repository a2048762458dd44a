import type { EnvVar } from './env-var.js';

/** Plugin runtime variables (sandbox limits, discovery...). BACON_PLUGINS is a kernel variable. */
export const PLUGIN_VARS: EnvVar[] = [
  {
    name: 'BACON_PLUGIN_DISCOVERY',
    key: 'pluginDiscovery',
    schema: { type: 'boolean', default: true },
    doc: 'Load every workspace and node_modules package whose package.json has a `bacon` field (test hosts turn it off).',
  },
  {
    name: 'BACON_PLUGIN_INIT_TIMEOUT_MS',
    key: 'pluginInitTimeoutMs',
    schema: { type: 'integer', minimum: 100, maximum: 600000, default: 10000 },
    doc: "How long one plugin's `init` may take at boot.",
  },
  {
    name: 'BACON_PLUGIN_INIT_POLICY',
    key: 'pluginInitPolicy',
    schema: { type: 'string', enum: ['abort', 'continue'], default: 'abort' },
    doc: 'When a plugin fails to load or init: `abort` stops the boot, `continue` marks it (and its dependents) failed and boots without it.',
  },
  {
    name: 'BACON_PLUGIN_SECRETS_KEY',
    key: 'pluginSecretsKey',
    schema: { type: 'string', minLength: 32 },
    doc: 'AES-256-GCM key for plugin secrets at rest (64 hex characters or base64 of 32 bytes). Unset: generated once into BACON_DATA_DIR/keys/. Set it when several hosts share a database.',
  },
  {
    name: 'BACON_PLUGIN_KV_QUOTA_BYTES',
    key: 'pluginKvQuotaBytes',
    schema: { type: 'integer', minimum: 1024, maximum: 1073741824, default: 1048576 },
    doc: 'Largest kv store of one plugin for one tenant, in bytes (a manifest may ask for less).',
  },
  {
    name: 'BACON_SANDBOX_MEMORY_MB',
    key: 'sandboxMemoryMb',
    schema: { type: 'integer', minimum: 8, maximum: 4096, default: 128 },
    doc: "Upper bound of an isolate's heap; a manifest's `limits.memoryMb` (default 64) is capped by it.",
  },
  {
    name: 'BACON_SANDBOX_CPU_TIMEOUT_MS',
    key: 'sandboxCpuTimeoutMs',
    schema: { type: 'integer', minimum: 10, maximum: 600000, default: 5000 },
    doc: "Upper bound of the CPU time one sandboxed call may use; a manifest's `limits.cpuTimeoutMs` (default 1000) is capped by it.",
  },
  {
    name: 'BACON_SANDBOX_CALL_DEADLINE_MS',
    key: 'sandboxCallDeadlineMs',
    schema: { type: 'integer', minimum: 50, maximum: 600000, default: 15000 },
    doc: 'Wall-clock deadline of one sandboxed call, host calls included; past it the isolate is disposed and the call fails with `plugin_timeout`.',
  },
  {
    name: 'BACON_SANDBOX_RUNNERS',
    key: 'sandboxRunners',
    schema: { type: 'integer', minimum: 1, maximum: 64, default: 4 },
    doc: "Most sandbox runner processes. Each sandboxed plugin is assigned one (one per plugin until there are more plugins than runners); a runner that dies fails only its own plugins' calls in flight.",
  },
  {
    name: 'BACON_SANDBOX_MAX_VALUE_BYTES',
    key: 'sandboxMaxValueBytes',
    schema: { type: 'integer', minimum: 1024, maximum: 67108864, default: 1048576 },
    doc: "Largest value a plugin may pass out of its isolate (host-function arguments such as a kv value, or a call's result), also capped at an eighth of the isolate's memory; larger ones fail with `value_too_large` before they are serialised.",
  },
  {
    name: 'BACON_SANDBOX_FETCH_TIMEOUT_MS',
    key: 'sandboxFetchTimeoutMs',
    schema: { type: 'integer', minimum: 100, maximum: 120000, default: 10000 },
    doc: 'Time cap of one `http.fetch` by a plugin.',
  },
  {
    name: 'BACON_SANDBOX_FETCH_MAX_BYTES',
    key: 'sandboxFetchMaxBytes',
    schema: { type: 'integer', minimum: 1024, maximum: 104857600, default: 5242880 },
    doc: 'Size cap of one `http.fetch` response body; larger responses fail with `response_too_large`.',
  },
  {
    name: 'BACON_SANDBOX_ALLOW_PRIVATE_NETWORK',
    key: 'sandboxAllowPrivateNetwork',
    schema: { type: 'boolean', default: false },
    doc: 'Development only: let plugins fetch loopback, private and link-local addresses (still only hosts on their allow-list).',
  },
  {
    name: 'BACON_PLUGIN_BREAKER_RESET_MS',
    key: 'pluginBreakerResetMs',
    schema: { type: 'integer', minimum: 10, maximum: 3600000, default: 30000 },
    doc: 'How long an open plugin breaker waits before letting one trial call through (half-open).',
  },
  {
    name: 'BACON_PLUGIN_BREAKER_THRESHOLD',
    key: 'pluginBreakerThreshold',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    doc: 'Failure percentage (over the rolling window) that opens a plugin breaker.',
  },
  {
    name: 'BACON_PLUGIN_BREAKER_VOLUME',
    key: 'pluginBreakerVolume',
    schema: { type: 'integer', minimum: 1, maximum: 1000, default: 5 },
    doc: 'Calls in the rolling window before a plugin breaker may open.',
  },
];

/** Typed view of the plugin runtime variables in Config. */
export interface PluginsConfig {
  pluginDiscovery: boolean;
  pluginInitTimeoutMs: number;
  pluginInitPolicy: 'abort' | 'continue';
  pluginSecretsKey?: string;
  pluginKvQuotaBytes: number;
  sandboxMemoryMb: number;
  sandboxCpuTimeoutMs: number;
  sandboxCallDeadlineMs: number;
  sandboxRunners: number;
  sandboxMaxValueBytes: number;
  sandboxFetchTimeoutMs: number;
  sandboxFetchMaxBytes: number;
  sandboxAllowPrivateNetwork: boolean;
  pluginBreakerResetMs: number;
  pluginBreakerThreshold: number;
  pluginBreakerVolume: number;
}
