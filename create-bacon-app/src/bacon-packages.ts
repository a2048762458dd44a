import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** The Bacon packages an app installs (the host, its first-party plugins and what they import). */
export const APP_PACKAGES = [
  '@bacon/sdk',
  '@bacon/inbox-contract',
  '@bacon/analytics-contract',
  '@bacon/host',
  '@bacon/plugin-inbox',
  '@bacon/plugin-channels',
  '@bacon/console',
  '@bacon/widget',
] as const;

/** What a plugin project installs. */
export const PLUGIN_PACKAGES = ['@bacon/sdk', '@bacon/host', '@bacon/testing'] as const;

/** `@bacon/host` -> `bacon-host-`: the start of the file name `npm pack` gives its tarball. */
const tarballPrefix = (name: string) => `${name.replace(/^@/, '').replace('/', '-')}-`;

/**
 * The version spec of each package: `^version` from the registry, or `file:` a tarball of the
 * `--packages` folder (made with `npm pack`), for a machine or a release without the registry.
 */
export async function packageSpecs(names: readonly string[], version: string, tarballDir?: string): Promise<Record<string, string>> {
  if (!tarballDir) return Object.fromEntries(names.map((n) => [n, `^${version}`]));
  const dir = path.resolve(tarballDir);
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  } catch {
    throw new Error(`--packages: cannot read the folder ${dir}`);
  }
  const specs: Record<string, string> = {};
  for (const name of names) {
    const prefix = tarballPrefix(name);
    const match = files.filter((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length))).sort();
    if (!match.length) throw new Error(`--packages: no tarball for ${name} (${prefix}<version>.tgz) in ${dir}; run npm pack -w ${name}`);
    specs[name] = `file:${path.join(dir, match.at(-1) as string)}`;
  }
  return specs;
}
