import type { HealthResult, PluginDefinition } from '@bacon/sdk';
import type { PluginRecord } from './plugin-record.js';
import type { PluginSource } from './plugin-source.js';

/** What the sandbox tier offers the runtime (implemented by the runner client). */
export interface SandboxTier {
  /** Bundles and loads a sandboxed source; answers its manifest (functions replaced by stubs). */
  load(source: PluginSource): Promise<{ def: PluginDefinition; code: string; sha256: string }>;
  health(record: PluginRecord): Promise<HealthResult>;
  stop(): Promise<void>;
}
