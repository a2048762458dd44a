import { createInterface } from 'node:readline/promises';
import { checkOptions, EXAMPLES, type Example, type Options } from './options.js';

/**
 * Asks for what the flags left out (name, database, Redis, example), when a person is there to
 * answer: not with --yes, and not when stdin is not a terminal (CI), where the defaults apply.
 */
export async function askMissing(opts: Options): Promise<Options> {
  const out = { ...opts };
  const interactive = !opts.yes && process.stdin.isTTY;
  if (!interactive) {
    if (!out.name) throw new Error('a project name is needed: npx create-bacon-app my-support');
    out.database ??= 'embedded';
    out.example ??= 'html';
    return out;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const ask = async (q: string, fallback: string) => (await rl.question(`${q} (${fallback}): `)).trim() || fallback;
    out.name ??= await ask('Project name', 'my-support');
    if (!out.plugin) {
      out.database ??= await ask('Database: embedded, compose, or a postgres:// URL', 'embedded');
      out.redis ??= await ask('Redis URL (empty: none)', '-').then((r) => (r === '-' ? undefined : r));
      const example = await ask(`Widget example: ${EXAMPLES.join(', ')}`, out.example ?? 'html');
      out.example = example as Example;
    }
  } finally {
    rl.close();
  }
  checkOptions(out);
  if (out.example && !EXAMPLES.includes(out.example)) throw new Error(`the example must be one of ${EXAMPLES.join(', ')}`);
  return out;
}
