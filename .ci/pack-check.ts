// CI stage "pack": `npm pack --dry-run` for every publishable workspace (one without "private": true),
// and a check that every file its package.json points at (main, types, bin, each export condition
// but `bacon-source`, which is for this repository's own sources) is in the tarball.
// Prints one line per package; exits non-zero when a pack fails or names a missing file.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { workspaces } from './workspaces.js';

interface Pack {
  name: string;
  version: string;
  size: number;
  entryCount: number;
  files: { path: string }[];
}

/** Every path a package.json points at, as npm would look for it in the tarball (no leading ./). */
function pointedAt(pkg: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (v: unknown) => typeof v === 'string' && !v.includes('*') && out.push(path.posix.normalize(v).replace(/^\.\//, ''));
  const walk = (v: unknown) => {
    if (typeof v === 'string') add(v);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (k !== 'bacon-source' && !k.endsWith('package.json')) walk(x);
  };
  add(pkg.main);
  add(pkg.types);
  walk(pkg.exports);
  walk(typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin ?? {}));
  return [...new Set(out)];
}

let failed = 0;
const publishable = workspaces().filter((w) => !w.pkg.private);
for (const w of publishable) {
  try {
    const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--workspace', w.dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const [pack] = JSON.parse(json.slice(json.indexOf('['))) as Pack[];
    const inTarball = new Set(pack!.files.map((f) => f.path));
    const missing = pointedAt(w.pkg).filter((f) => !inTarball.has(f));
    if (missing.length) {
      failed++;
      console.log(`FAIL ${pack!.name}@${pack!.version}: package.json points at files the tarball lacks: ${missing.join(', ')}`);
    } else console.log(`ok   ${pack!.name}@${pack!.version}: ${pack!.entryCount} files, ${(pack!.size / 1024).toFixed(1)} kB packed`);
  } catch (err) {
    failed++;
    const e = err as { stderr?: string; message: string };
    console.log(`FAIL ${w.pkg.name as string} (${w.dir}): npm pack --dry-run failed\n${(e.stderr ?? e.message).slice(-2000)}`);
  }
}
console.log(`pack: ${publishable.length - failed} of ${publishable.length} publishable packages ok`);
process.exit(failed ? 1 : 0);
