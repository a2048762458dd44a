// Every migration folder of the repository: the host's, each first-party package's, each official
// plugin's and example's, and the test plugins' (the cluster drills' consumer), with its owner.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationDir } from '@bacon/host';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function migrationDirs(): MigrationDir[] {
  const dirs: MigrationDir[] = [{ owner: 'host', dir: path.join(root, 'host/migrations') }];
  for (const parent of ['packages', 'official-plugins', 'examples']) {
    const base = path.join(root, parent);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = path.join(base, name, 'migrations');
      if (existsSync(dir)) dirs.push({ owner: name, dir });
    }
  }
  dirs.push({ owner: 'cluster-drill', dir: path.join(root, 'tests/cluster/drill-plugin/migrations') });
  return dirs;
}
