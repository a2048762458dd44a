import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface RepoPlugin {
  name: string;
  dir: string;
  id: string;
  settings?: { schema: Record<string, unknown>; uiSchema?: Record<string, unknown> };
}

async function dirsOf(pattern: string): Promise<string[]> {
  if (!pattern.endsWith('/*')) return [path.join(REPO_ROOT, pattern)];
  const base = path.join(REPO_ROOT, pattern.slice(0, -2));
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(base, e.name));
}

function entryOf(pkg: Record<string, unknown>): string | undefined {
  const exp = pkg.exports as Record<string, unknown> | string | undefined;
  const dot = typeof exp === 'string' ? exp : (exp?.['.'] as Record<string, unknown> | string | undefined);
  const fromExports = typeof dot === 'string' ? dot : ((dot?.['bacon-source'] ?? dot?.import ?? dot?.default) as string | undefined);
  return fromExports ?? (pkg.main as string | undefined);
}

/**
 * Every plugin package in the repository (workspace packages with a `bacon` field), imported the
 * way a test can: its default export's id and settings schema.
 */
export async function repoPlugins(): Promise<RepoPlugin[]> {
  const root = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  const out: RepoPlugin[] = [];
  for (const pattern of root.workspaces) {
    for (const dir of await dirsOf(pattern)) {
      let pkg: Record<string, unknown>;
      try {
        pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      } catch {
        continue;
      }
      const entry = entryOf(pkg);
      if (!pkg.bacon || !entry) continue;
      const mod = (await import(pathToFileURL(path.join(dir, entry)).href)) as {
        default?: RepoPlugin & { settings?: RepoPlugin['settings'] };
      };
      const def = mod.default;
      if (!def?.id) throw new Error(`${pkg.name as string}: the default export is not a plugin definition`);
      out.push({ name: pkg.name as string, dir, id: def.id, settings: def.settings });
    }
  }
  return out;
}
