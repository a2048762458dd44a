import path from 'node:path';
import type { MigrationDir } from '../db/migrate.js';
import type { PluginSource } from './plugin-source.js';
import { PluginLoadErrors } from './plugin-errors.js';

/**
 * Trusted plugins' migration folders, owned by the plugin id: the manifest's `migrations` (absolute,
 * or relative to the folder of a discovered package), else `<package>/migrations` for a discovered
 * package. A definition passed in code has no package folder: it names its folder absolutely.
 */
export function migrationDirs(sources: readonly PluginSource[]): MigrationDir[] {
  const dirs: MigrationDir[] = [];
  for (const s of sources) {
    const def = s.definition;
    if (s.tier !== 'trusted' || !def || typeof def.id !== 'string') continue;
    if (def.migrations && path.isAbsolute(def.migrations)) dirs.push({ owner: def.id, dir: def.migrations });
    else if (def.migrations && !s.packageDir) {
      throw PluginLoadErrors.manifestInvalid(
        def.id,
        `plugin "${def.id}": manifest field "migrations" is relative ("${def.migrations}") but the plugin's package folder is unknown; use an absolute path (fileURLToPath(new URL('../migrations', import.meta.url)))`,
        'migrations',
      );
    } else if (s.packageDir) dirs.push({ owner: def.id, dir: path.resolve(s.packageDir, def.migrations ?? 'migrations') });
  }
  return dirs;
}
