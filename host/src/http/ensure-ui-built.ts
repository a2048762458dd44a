import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { uiPackageDir } from './static-ui.js';

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

/** True when `dist/` is missing or older than any source file of the package. */
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

const UI_PACKAGES = [
  { name: '@bacon/widget' as const, output: 'widget.js', label: 'widget' },
  { name: '@bacon/console' as const, output: 'webui.html', label: 'console' },
];

/**
 * Builds the widget and the console with Vite when their `dist/` is missing or older than their
 * sources (the first `npm start` after install, or after an edit). Prints one line per build.
 */
export async function ensureUiBuilt(opts: { force?: boolean; out?: (line: string) => void } = {}): Promise<string[]> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const built: string[] = [];
  for (const pkg of UI_PACKAGES) {
    const dir = uiPackageDir(pkg.name);
    if (!dir) continue;
    try {
      await stat(path.join(dir, 'vite.config.ts'));
    } catch {
      continue;
    }
    if (!opts.force && !(await isStale(dir, pkg.output))) continue;
    const started = Date.now();
    out(`Building the ${pkg.label} (Vite)...`);
    await viteBuild(dir, out);
    out(`Built the ${pkg.label} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    built.push(pkg.label);
  }
  return built;
}
