import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface PluginBundle {
  code: string;
  sha256: string;
}

type ExportTarget = string | { [condition: string]: ExportTarget };

/** The folder of package `name` as Node would find it from `dir`: the nearest `node_modules/<name>` up the tree. */
function packageDir(name: string, dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The file an export entry names under the first of `conditions` it has. */
function exportFile(target: ExportTarget | undefined, conditions: string[]): string | undefined {
  if (typeof target === 'string' || target === undefined) return target;
  for (const c of conditions) if (c in target) return exportFile(target[c], conditions);
  return undefined;
}

/**
 * `@bacon/*` imports: the package's TypeScript sources (its `bacon-source` export) where they are on
 * disk, as in this repository's workspaces, else its built files, as in a package installed from
 * npm (which ships `dist` only). A global condition cannot say "sources when present".
 */
const baconPackages: Plugin = {
  name: 'bacon-packages',
  setup(b) {
    b.onResolve({ filter: /^@bacon\/[^/]+/ }, (args) => {
      const [scope, name, ...rest] = args.path.split('/');
      const dir = packageDir(`${scope}/${name}`, args.resolveDir);
      if (!dir) return undefined;
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports?: Record<string, ExportTarget> };
      const entry = pkg.exports?.[rest.length ? `./${rest.join('/')}` : '.'];
      const source = exportFile(entry, ['bacon-source']);
      if (source && existsSync(path.join(dir, source))) return { path: path.join(dir, source) };
      const built = exportFile(entry, ['import', 'default']);
      return built ? { path: path.join(dir, built) } : undefined;
    });
  },
};

/**
 * Bundles a sandboxed plugin's entry (TypeScript or JavaScript, `@bacon/sdk` included) into one
 * plain script for the isolate. Platform `neutral`: a plugin that imports Node built-ins fails
 * here, at load, instead of at run time. The script leaves its module on `globalThis.__baconPlugin`,
 * which the bootstrap takes and deletes.
 */
export async function bundlePlugin(entry: string): Promise<PluginBundle> {
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__baconPlugin',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    plugins: [baconPackages],
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const script = out.outputFiles[0]!.text;
  const code = `(function () {\n${script}\nglobalThis.__baconPlugin = __baconPlugin;\n})();\n`;
  return { code, sha256: createHash('sha256').update(code).digest('hex') };
}
