// The repository's npm workspaces (the root package.json's globs, one level of `dir/*`), with their package.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function workspaceGlobs(): string[] {
  return (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
}

export function workspaces(globs = workspaceGlobs()): { dir: string; pkg: Record<string, unknown> }[] {
  const dirs = globs.flatMap((g) => {
    if (!g.endsWith('/*')) return [g];
    const base = g.slice(0, -2);
    return existsSync(path.join(root, base)) ? readdirSync(path.join(root, base)).map((d) => `${base}/${d}`) : [];
  });
  return dirs
    .filter((d) => existsSync(path.join(root, d, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')) as Record<string, unknown> }));
}
