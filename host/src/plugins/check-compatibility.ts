import semver from 'semver';
import { SDK_VERSION, type PluginDefinition } from '@bacon/sdk';
import { PluginLoadErrors } from './plugin-errors.js';

export interface Versions {
  host: string;
  sdk: string;
}

const satisfies = (version: string, range: string) => semver.satisfies(version, range, { includePrerelease: true });

/**
 * Engines: the host and SDK versions must satisfy the plugin's ranges (and the package's
 * `bacon.sdk` range when it came from a package). Throws a PluginLoadError naming the plugin.
 */
export function checkEngines(def: PluginDefinition, versions: Versions, packageSdkRange?: string): void {
  const checks: [string, string | undefined, string][] = [
    ['host', def.engines?.host, versions.host],
    ['sdk', def.engines?.sdk, versions.sdk],
    ['sdk', packageSdkRange, versions.sdk],
  ];
  for (const [what, range, have] of checks) {
    if (range && !satisfies(have, range)) {
      throw PluginLoadErrors.engineMismatch(
        def.id,
        `plugin "${def.id}" needs ${what} ${range}, but this is ${what} ${have}`,
        `engines.${what}`,
      );
    }
  }
}

/** Every declared dependency must be present and its version inside the declared range. */
export function checkDependencies(defs: readonly PluginDefinition[]): void {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const missing: string[] = [];
  for (const d of defs) {
    for (const [dep, range] of Object.entries(d.dependencies ?? {})) {
      const found = byId.get(dep);
      if (!found) {
        missing.push(`plugin "${d.id}" depends on "${dep}" (${range}), which is not installed`);
        continue;
      }
      if (!satisfies(found.version, range)) {
        throw PluginLoadErrors.dependencyMismatch(
          d.id,
          `plugin "${d.id}" needs "${dep}" ${range}, but "${dep}" is ${found.version}`,
          `dependencies.${dep}`,
        );
      }
    }
  }
  if (missing.length) throw PluginLoadErrors.dependencyMissing(missing[0]!.split('"')[1]!, missing.join('; '), 'dependencies');
}

export const DEFAULT_VERSIONS = (host: string): Versions => ({ host, sdk: SDK_VERSION });
