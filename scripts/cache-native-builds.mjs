// After an install that compiled isolated-vm from source (its prebuilt binaries live on GitHub,
// which this project's machines cannot reach), keep the compiled binary in npm's own prebuild
// cache, under the very name prebuild-install looks for before it tries the network. The next
// `npm ci` with a warm npm cache then unpacks it in a second instead of compiling for a minute
// or more. Nothing is downloaded; anything unexpected is skipped with a note, never an error.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const note = (msg) => process.stdout.write(`bacon: ${msg}\n`);

function main() {
  if (process.platform === 'win32') return;
  const require = createRequire(import.meta.url);
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('isolated-vm/package.json'));
  } catch {
    return; // not installed (a partial install): nothing to keep
  }
  const binary = path.join(pkgDir, 'out', 'isolated_vm.node');
  if (!existsSync(binary)) return;
  const pkg = require(path.join(pkgDir, 'package.json'));
  const util = createRequire(path.join(pkgDir, 'package.json'))('prebuild-install/util');
  const url = util.getDownloadUrl({
    pkg,
    runtime: 'node',
    abi: process.versions.modules,
    platform: process.platform,
    arch: process.arch,
    libc: '',
    'tag-prefix': 'v',
  });
  const cached = util.cachedPrebuild(url);
  if (existsSync(cached)) return;
  // Only a binary that loads is worth keeping.
  try {
    require(binary);
  } catch (err) {
    return note(`isolated-vm's binary did not load, so it is not cached (${err.message})`);
  }
  mkdirSync(path.dirname(cached), { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  execFileSync('tar', ['-czf', temp, '-C', pkgDir, 'out/isolated_vm.node']);
  renameSync(temp, cached);
  note(`kept the compiled isolated-vm in npm's cache (${path.basename(cached)}): the next install skips the compile`);
}

try {
  main();
} catch (err) {
  note(`could not cache isolated-vm's binary: ${err.message}`);
}
