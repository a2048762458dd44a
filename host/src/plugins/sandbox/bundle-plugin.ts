import { build } from 'esbuild';
import { createHash } from 'node:crypto';

export interface PluginBundle {
  code: string;
  sha256: string;
}

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
    conditions: ['bacon-source', 'import', 'default'],
    target: 'es2022',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const script = out.outputFiles[0]!.text;
  const code = `(function () {\n${script}\nglobalThis.__baconPlugin = __baconPlugin;\n})();\n`;
  return { code, sha256: createHash('sha256').update(code).digest('hex') };
}
