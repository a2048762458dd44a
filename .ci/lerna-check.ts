// CI stage "release config": lerna.json agrees with the workspaces, without installing lerna (a cold
// `npx lerna@8` install took 92 s here, and lerna has no dry run of `publish`). Checks what
// `lerna version` and `lerna publish` rely on: lerna's package globs are the npm workspaces, one
// fixed version that every publishable package carries, and every dependency between workspace
// packages satisfied by that version (or "*"), so a bump moves them together. Exits non-zero on a
// mismatch, naming it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { root, workspaceGlobs, workspaces } from './workspaces.js';

const lerna = JSON.parse(readFileSync(path.join(root, 'lerna.json'), 'utf8')) as {
  version?: string;
  packages?: string[];
  npmClient?: string;
};
const problems: string[] = [];
const globs = workspaceGlobs();
const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
if (!sameSet(lerna.packages ?? [], globs))
  problems.push(`lerna.json packages ${JSON.stringify(lerna.packages)} differ from package.json workspaces ${JSON.stringify(globs)}`);
if (lerna.npmClient !== 'npm')
  problems.push(`lerna.json npmClient is ${lerna.npmClient ?? 'unset'}, not npm (the repository uses npm workspaces)`);
const version = lerna.version ?? '';
if (!semver.valid(version))
  problems.push(`lerna.json version "${version}" is not a fixed semver version (independent mode is not used here)`);

const all = workspaces(lerna.packages ?? globs);
const names = new Map(all.map((w) => [w.pkg.name as string, w]));
for (const w of all) {
  const name = w.pkg.name as string;
  if (!w.pkg.private && w.pkg.version !== version)
    problems.push(`${name} (${w.dir}) is at ${String(w.pkg.version)}, lerna.json at ${version}`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const) {
    for (const [dep, range] of Object.entries((w.pkg[field] ?? {}) as Record<string, string>)) {
      const target = names.get(dep);
      if (!target) continue;
      if (range !== '*' && !semver.satisfies(String(target.pkg.version), range))
        problems.push(`${name} ${field} ${dep}@"${range}" is not satisfied by the workspace's ${String(target.pkg.version)}`);
      if (field !== 'devDependencies' && !w.pkg.private && target.pkg.private)
        problems.push(`${name} (publishable) depends on ${dep}, which is private and never published`);
    }
  }
}
const publishable = all.filter((w) => !w.pkg.private).map((w) => w.pkg.name as string);
for (const p of problems) console.log(`FAIL ${p}`);
console.log(
  `release config: lerna ${version}, ${all.length} workspace packages, ${publishable.length} publishable (${publishable.join(', ')}); ${problems.length} problems`,
);
process.exit(problems.length ? 1 : 0);
