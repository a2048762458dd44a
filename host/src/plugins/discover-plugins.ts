import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginDefinition } from '@bacon/sdk';
import type { PluginSource } from './plugin-source.js';
import { locatePackage, readPluginPackage, type PluginPackage } from './resolve-package.js';
import { PluginLoadErrors } from './plugin-errors.js';

export interface DiscoverOptions {
  /** The project root (its package.json lists the workspaces; its node_modules is scanned). */
  root: string;
  /** Scan workspace packages and node_modules (BACON_PLUGIN_DISCOVERY). */
  scan: boolean;
  /** BACON_PLUGINS: package names or paths, loaded whatever `scan` says. */
  extra: readonly string[];
  /** Told about packages skipped (no entry file yet). */
  warn?: (msg: string) => void;
}

/**
 * Finds plugin packages: workspace packages and node_modules packages whose package.json has a
 * `bacon` field, plus the explicit list. A package may claim `bacon.tier: "trusted"` only when it
 * is a workspace package or in the `@bacon/` scope; every other package runs sandboxed.
 */
export async function discoverPlugins(opts: DiscoverOptions): Promise<PluginSource[]> {
  const found = new Map<string, { pkg: PluginPackage; origin: PluginSource['origin'] }>();
  const add = (pkg: PluginPackage | undefined, origin: PluginSource['origin']) => {
    if (pkg?.bacon && !found.has(pkg.dir)) found.set(pkg.dir, { pkg, origin });
  };
  if (opts.scan) {
    for (const dir of await workspaceDirs(opts.root)) add(await readPluginPackage(dir), 'workspace');
    for (const dir of await nodeModuleDirs(path.join(opts.root, 'node_modules'))) add(await readPluginPackage(dir), 'node_modules');
  }
  const files: PluginSource[] = [];
  for (const spec of opts.extra) {
    const file = await pluginFile(spec, opts.root);
    if (file) {
      files.push({ tier: 'sandboxed', origin: 'config', name: spec, entry: file });
      continue;
    }
    if (/\.(ts|js|mjs)$/.test(spec))
      throw PluginLoadErrors.notFound(spec, `BACON_PLUGINS: the plugin file "${path.resolve(opts.root, spec)}" does not exist`);
    const dir = await locatePackage(spec, opts.root);
    if (!dir) throw PluginLoadErrors.notFound(spec, `BACON_PLUGINS: no plugin package at "${spec}"`);
    const pkg = await readPluginPackage(dir);
    if (!pkg?.bacon) throw PluginLoadErrors.notFound(spec, `BACON_PLUGINS: "${spec}" has no "bacon" field in its package.json`);
    if (!found.has(pkg.dir)) found.set(pkg.dir, { pkg, origin: 'config' });
  }
  const out: PluginSource[] = [...files];
  for (const { pkg, origin } of [...found.values()].sort((a, b) => a.pkg.dir.localeCompare(b.pkg.dir))) {
    if (!(await exists(pkg.entry))) {
      // Listed on purpose: a missing entry is a broken install, not a package to pass over.
      if (origin === 'config')
        throw PluginLoadErrors.notFound(
          pkg.name,
          `BACON_PLUGINS: plugin package ${pkg.name} has no entry file (${pkg.entry}); build or reinstall it`,
        );
      opts.warn?.(`plugin package ${pkg.name} has no entry file (${pkg.entry}); skipped`);
      continue;
    }
    out.push(await sourceOf(pkg, origin));
  }
  return out;
}

/** Turns a package into a source: trusted ones are imported now, sandboxed ones bundled later. */
export async function sourceOf(pkg: PluginPackage, origin: PluginSource['origin']): Promise<PluginSource> {
  const mayTrust = origin === 'workspace' || pkg.name.startsWith('@bacon/');
  const tier = pkg.bacon?.tier === 'trusted' && mayTrust ? 'trusted' : 'sandboxed';
  const base = { tier, origin, name: pkg.name, packageDir: pkg.dir, sdkRange: pkg.bacon?.sdk } as const;
  if (tier === 'sandboxed') return { ...base, entry: pkg.entry };
  const mod = (await import(pathToFileURL(pkg.entry).href)) as { default?: PluginDefinition; plugin?: PluginDefinition };
  return { ...base, definition: mod.default ?? mod.plugin };
}

/** A path to a single .ts/.js/.mjs file: a sandboxed plugin with no package (tests, quick experiments). */
async function pluginFile(spec: string, root: string): Promise<string | undefined> {
  if (!/\.(ts|js|mjs)$/.test(spec)) return undefined;
  const file = path.resolve(root, spec);
  try {
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

async function workspaceDirs(root: string): Promise<string[]> {
  let patterns: string[] = [];
  try {
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { workspaces?: string[] | { packages?: string[] } };
    patterns = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const p of patterns) {
    if (p.endsWith('/*')) dirs.push(...(await children(path.join(root, p.slice(0, -2)))));
    else dirs.push(path.join(root, p));
  }
  return dirs;
}

async function nodeModuleDirs(nm: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const name of await children(nm, true)) {
    const base = path.basename(name);
    if (base.startsWith('.')) continue;
    if (base.startsWith('@')) dirs.push(...(await children(name)));
    else dirs.push(name);
  }
  const real = await Promise.all(dirs.map((d) => realpath(d).catch(() => d)));
  return [...new Set(real)];
}

async function children(dir: string, includeScopes = false): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() || e.isSymbolicLink() || (includeScopes && e.name.startsWith('@')))
      .map((e) => path.join(dir, e.name));
  } catch {
    return [];
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
