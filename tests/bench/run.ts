// `npm run bench -- NAME [--profile small|medium|large]` runs tests/bench/NAME.ts, which prints its
// own figures. The profile sets the benchmark's sizes (see _profiles.ts); medium is the default.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { profileArg, profileEnv } from './_profiles.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));
const usage = `Usage: npm run bench -- NAME [--profile small|medium|large]\nAvailable: ${available.sort().join(', ')}\n`;

if (!name || !available.includes(name)) {
  process.stderr.write(`${name ? `No benchmark named "${name}". ` : ''}${usage}`);
  process.exit(name ? 2 : 64);
}
const profile = profileArg(process.argv.slice(3));
if (typeof profile !== 'string') {
  process.stderr.write(`${profile.error}\n${usage}`);
  process.exit(2);
}
for (const [k, v] of Object.entries(profileEnv(name, profile))) process.env[k] ??= v;
process.stdout.write(
  `bench ${name} (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}${process.env.REDIS_URL ? ' + Redis' : ''}, node ${process.version}, profile ${profile})\n`,
);
await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
