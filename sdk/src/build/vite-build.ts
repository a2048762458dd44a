import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

async function newestMtime(dir: string, skip: Set<string>): Promise<number> {
  let newest = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (skip.has(e.name)) continue;
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? await newestMtime(full, skip) : (await stat(full)).mtimeMs);
  }
  return newest;
}

/** True when `dist/<output>` is missing or older than any source file of the package. */
export async function isStale(pkgDir: string, output: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(path.join(pkgDir, 'dist', output))).mtimeMs;
  } catch {
    return true;
  }
  const sources = await newestMtime(pkgDir, new Set(['dist', 'node_modules', 'test']));
  return sources > built;
}

function viteBuild(pkgDir: string, out: (line: string) => void): Promise<void> {
  // vite's exports map hides bin/: resolve its package.json and walk from there.
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [pkgDir] })), 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: pkgDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => {
      log += d;
      for (const line of d.toString().split('\n')) if (line.trim()) out(`  ${line.trim()}`);
    });
    child.stderr.on('data', (d: Buffer) => (log += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed in ${pkgDir}:\n${log}`))));
  });
}

/**
 * Builds a package's browser app with Vite when `dist/<output>` is missing or older than its
 * sources (or always, with `force`): what a UI plugin's `prepare` runs. Answers `[label]` when it
 * built, `[]` when it was up to date or the package has no vite.config.ts (an installed build).
 */
export async function ensureViteBuild(opts: { dir: string; output: string; label: string; force: boolean; out: (line: string) => void }): Promise<string[]> {
  try {
    await stat(path.join(opts.dir, 'vite.config.ts'));
  } catch {
    return [];
  }
  if (!opts.force && !(await isStale(opts.dir, opts.output))) return [];
  const started = Date.now();
  opts.out(`Building the ${opts.label} (Vite)...`);
  await viteBuild(opts.dir, opts.out);
  opts.out(`Built the ${opts.label} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return [opts.label];
}
