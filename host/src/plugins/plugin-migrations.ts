import path from 'node:path';
import type { PluginDefinition } from '@bacon/sdk';
import type { MigrationDir } from '../db/migrate.js';
import type { PluginSource } from './plugin-source.js';
import { readPluginPackage } from './resolve-package.js';
import { PluginLoadErrors } from './plugin-errors.js';

/**
 * The package folder of a definition passed in code: the workspace package named after its id
 * (`@bacon/plugin-<id>` or `bacon-plugin-<id>`) under `<root>/packages` or `<root>/node_modules`.
 */
export async function packageDirOf(def: PluginDefinition, root: string): Promise<string | undefined> {
  const candidates = [path.join(root, 'packages', def.id), path.join(root, 'node_modules', '@bacon', `plugin-${def.id}`), path.join(root, 'node_modules', `bacon-plugin-${def.id}`)];
  for (const dir of candidates) {
    const pkg = await readPluginPackage(dir);
    if (pkg && (pkg.name === `@bacon/plugin-${def.id}` || pkg.name === `bacon-plugin-${def.id}`)) return pkg.dir;
  }
  return undefined;
}

/**
 * Trusted plugins' migration folders, owned by the plugin id: the manifest's `migrations` (absolute,
 * or relative to the package folder), else `<package>/migrations` when the package is known.
 */
export function migrationDirs(sources: readonly PluginSource[]): MigrationDir[] {
  const dirs: MigrationDir[] = [];
  for (const s of sources) {
    const def = s.definition;
    if (s.tier !== 'trusted' || !def || typeof def.id !== 'string') continue;
    if (def.migrations && path.isAbsolute(def.migrations)) dirs.push({ owner: def.id, dir: def.migrations });
    else if (def.migrations && !s.packageDir) {
      throw PluginLoadErrors.manifestInvalid(def.id, `plugin "${def.id}": manifest field "migrations" is relative ("${def.migrations}") but the plugin's package folder is unknown; use an absolute path (fileURLToPath(new URL('../migrations', import.meta.url)))`, 'migrations');
    } else if (s.packageDir) dirs.push({ owner: def.id, dir: path.resolve(s.packageDir, def.migrations ?? 'migrations') });
  }
  return dirs;
}
