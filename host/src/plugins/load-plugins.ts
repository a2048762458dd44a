import type { PluginDefinition } from '@bacon/sdk';
import type { PluginSource } from './plugin-source.js';
import type { PluginRecord } from './plugin-record.js';
import { validateManifest } from './validate-manifest.js';
import { checkDependencies, checkEngines, type Versions } from './check-compatibility.js';
import { sortPlugins } from './sort-plugins.js';
import { PluginLoadError, PluginLoadErrors } from './plugin-errors.js';

export type InitPolicy = 'abort' | 'continue';

export interface LoadResult {
  /** In init order. */
  records: PluginRecord[];
  /** Refused under the `continue` policy, with why. */
  refused: { id: string; error: PluginLoadError }[];
}

/**
 * Validates every manifest, checks engines and dependency ranges, and sorts. Under `abort` the first
 * refusal throws; under `continue` refused plugins (and whatever depends on them) are left out.
 */
export function loadPlugins(
  sources: readonly { source: PluginSource; def: PluginDefinition | undefined }[],
  versions: Versions,
  policy: InitPolicy,
): LoadResult {
  const refused: LoadResult['refused'] = [];
  const refuse = (id: string, err: unknown) => {
    const e = err instanceof PluginLoadError ? err : PluginLoadErrors.manifestInvalid(id, `plugin "${id}": ${(err as Error).message}`);
    if (policy === 'abort') throw e;
    refused.push({ id, error: e });
  };
  let ok: PluginRecord[] = [];
  for (const { source, def } of sources) {
    try {
      const valid = validateManifest(def, source.name);
      checkEngines(valid, versions, source.sdkRange);
      ok.push({ id: valid.id, version: valid.version, tier: source.tier, def: valid, source, state: 'loaded', healthChecks: [] });
    } catch (err) {
      refuse((def as { id?: string } | undefined)?.id ?? source.name, err);
    }
  }
  const seen = new Set<string>();
  for (const r of ok) {
    if (seen.has(r.id)) refuse(r.id, PluginLoadErrors.duplicate(r.id, `plugin "${r.id}" is installed twice`));
    seen.add(r.id);
  }
  ok = ok.filter((r, i) => ok.findIndex((o) => o.id === r.id) === i);
  if (policy === 'abort') {
    checkDependencies(ok.map((r) => r.def));
    return { records: sortPlugins(ok), refused };
  }
  // continue: drop plugins whose dependencies are missing or out of range, until the set is stable.
  for (let changed = true; changed;) {
    changed = false;
    for (const r of [...ok]) {
      try {
        checkDependencies([r.def, ...ok.filter((o) => o !== r && Object.keys(r.def.dependencies ?? {}).includes(o.id)).map((o) => o.def)]);
      } catch (err) {
        refuse(r.id, err);
        ok = ok.filter((o) => o !== r);
        changed = true;
      }
    }
  }
  try {
    return { records: sortPlugins(ok), refused };
  } catch (err) {
    const e = err as PluginLoadError;
    const inCycle = new Set(e.message.replace(/^.*: /, '').split(' -> '));
    for (const id of inCycle) refuse(id, e);
    const inner = loadPlugins(
      sources.filter(({ def }) => !inCycle.has(def?.id ?? '')),
      versions,
      policy,
    );
    const all = [...refused, ...inner.refused];
    return { records: inner.records, refused: all.filter((r, i) => all.findIndex((o) => o.id === r.id) === i) };
  }
}
