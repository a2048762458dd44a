import { readFile, realpath, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PluginPackageField } from '@bacon/sdk';

export interface PluginPackage {
  dir: string;
  name: string;
  version?: string;
  bacon?: PluginPackageField;
  /** The package's entry file (exports '.', then main, then index.js). */
  entry: string;
}

type Exports = string | { [cond: string]: Exports } | undefined;

const CONDITIONS = ['bacon-source', 'import', 'node', 'default'];

function pickExport(e: Exports): string | undefined {
  if (typeof e === 'string') return e;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return undefined;
  if ('.' in e) return pickExport(e['.']);
  for (const c of CONDITIONS) if (c in e) return pickExport(e[c]);
  return undefined;
}

/** Reads a package folder's package.json and finds its entry file. Undefined when there is none. */
export async function readPluginPackage(dir: string): Promise<PluginPackage | undefined> {
  let raw: string;
  try {
    raw = await readFile(path.join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  let pkg: { name?: unknown; version?: string; main?: unknown; exports?: Exports; bacon?: PluginPackageField };
  try {
    pkg = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const real = await realpath(dir);
  const name = typeof pkg.name === 'string' ? pkg.name : path.basename(real);
  const bacon = pkg.bacon && typeof pkg.bacon === 'object' ? pkg.bacon : undefined;
  if (!bacon) return { dir: real, name, version: pkg.version, entry: '' };
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const rel = str(bacon.entry) ?? pickExport(pkg.exports) ?? str(pkg.main) ?? 'index.js';
  return { dir: real, name, version: pkg.version, bacon, entry: path.resolve(real, rel) };
}

/** A BACON_PLUGINS entry: a path (absolute, or relative to `root`) or a package name resolved from `root`. */
export async function locatePackage(spec: string, root: string): Promise<string | undefined> {
  const asPath = path.resolve(root, spec);
  if (spec.startsWith('.') || path.isAbsolute(spec)) return (await isDir(asPath)) ? asPath : undefined;
  try {
    const req = createRequire(path.join(root, 'package.json'));
    return path.dirname(req.resolve(`${spec}/package.json`));
  } catch {
    const direct = path.join(root, 'node_modules', spec);
    return (await isDir(direct)) ? direct : undefined;
  }
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
