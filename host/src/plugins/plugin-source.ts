import type { PluginDefinition, PluginTier } from '@bacon/sdk';

/** A plugin before it is loaded: where it came from and how to run it. */
export interface PluginSource {
  tier: PluginTier;
  /** `code` (passed in), `workspace`, `node_modules` or `config` (BACON_PLUGINS). */
  origin: 'code' | 'workspace' | 'node_modules' | 'config';
  /** A name for errors before the id is known: the package name or path. */
  name: string;
  packageDir?: string;
  /** The package's `bacon.sdk` range. */
  sdkRange?: string;
  /** Trusted tier: the definition, imported in-process. */
  definition?: PluginDefinition;
  /** Sandboxed tier: the file bundled into one script for the isolate. */
  entry?: string;
}
