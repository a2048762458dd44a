// `npm run bench -- NAME` runs tests/bench/NAME.ts, which prints its own figures.
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = (await readdir(here))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));

if (!name || !available.includes(name)) {
  process.stderr.write(
    `${name ? `No benchmark named "${name}". ` : ''}Usage: npm run bench -- NAME\nAvailable: ${available.sort().join(', ')}\n`,
  );
  process.exit(name ? 2 : 64);
}
process.stdout.write(
  `bench ${name} (${process.env.DATABASE_URL ? 'Postgres' : 'PGlite'}${process.env.REDIS_URL ? ' + Redis' : ''}, node ${process.version})\n`,
);
await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
