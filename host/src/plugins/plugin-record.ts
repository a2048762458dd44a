import type { HealthResult, PluginDefinition, PluginTier } from '@bacon/sdk';
import type { PluginSource } from './plugin-source.js';

export type PluginState = 'loaded' | 'running' | 'failed' | 'stopped';

/** A plugin the runtime knows: its definition (for sandboxed ones, the manifest with stubs) and state. */
export interface PluginRecord {
  id: string;
  version: string;
  tier: PluginTier;
  def: PluginDefinition;
  source: PluginSource;
  state: PluginState;
  /** Why it failed (init error, timeout, missing dependency...). */
  error?: string;
  /** What a trusted plugin's init returned, for dependents' `use(id)`. */
  api?: unknown;
  healthChecks: (() => Promise<HealthResult>)[];
  /** Sandboxed: sha256 of the bundled script. */
  sha256?: string;
  /** Sandboxed: the bundled script. */
  code?: string;
}
