import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appFiles } from './app-files.js';
import { APP_PACKAGES, PLUGIN_PACKAGES, packageSpecs } from './bacon-packages.js';
import type { Options } from './options.js';
import { pluginFiles } from './plugin-files.js';
import { Progress } from './progress.js';
import { runCommand } from './run-command.js';

export interface CreateResult {
  dir: string;
  kind: 'app' | 'plugin';
  /** The admin password written into .env (apps). */
  adminPassword?: string;
}

async function ownVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

/** Refuses a folder with anything in it, unless --force. */
async function checkTarget(dir: string, force: boolean): Promise<void> {
  let entries: string[] = [];
  try {
    entries = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${dir}: ${(err as Error).message}`);
  }
  if (entries.length && !force)
    throw new Error(
      `${dir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}); choose another name or pass --force`,
    );
  await mkdir(dir, { recursive: true });
}

async function writeAll(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text, rel === '.env' ? { mode: 0o600 } : {});
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'];

/** Scaffolds an app or a plugin project into `cwd/name`, each step with its progress line. */
export async function createApp(
  opts: Options,
  cwd = process.cwd(),
  write: (text: string) => void = (t) => void process.stdout.write(t),
): Promise<CreateResult> {
  const name = opts.name as string;
  const dir = path.resolve(cwd, name);
  const version = await ownVersion();
  const migrates = !opts.plugin && opts.database !== 'compose';
  const progress = new Progress(2 + (opts.install ? 1 + (migrates ? 1 : 0) : 0), write);
  await progress.step(`Checking ${dir}`, () => checkTarget(dir, opts.force));
  if (opts.plugin) {
    await progress.step('Writing the plugin project (source, test, mocha options)', async () =>
      writeAll(dir, await pluginFiles(name, await packageSpecs(PLUGIN_PACKAGES, version, opts.packages))),
    );
    if (opts.install)
      await progress.step('Installing dependencies (npm install; isolated-vm compiles: a minute or two)', () =>
        runCommand(npm, INSTALL, { cwd: dir }),
      );
    return { dir, kind: 'plugin' };
  }
  const scaffold = await progress.step(
    'Writing the app (package.json, .env with fresh secrets, docker-compose.yml, widget example)',
    async () => {
      const made = await appFiles(
        { name, database: opts.database ?? 'embedded', example: opts.example ?? 'html', port: opts.port, redis: opts.redis },
        await packageSpecs(APP_PACKAGES, version, opts.packages),
      );
      await writeAll(dir, made.files);
      return made;
    },
  );
  if (opts.install) {
    await progress.step('Installing dependencies (npm install; isolated-vm compiles: a minute or two)', () =>
      runCommand(npm, INSTALL, { cwd: dir }),
    );
    if (migrates) await progress.step('Running the database migrations', () => runCommand(npm, ['run', 'migrate'], { cwd: dir }));
  }
  return { dir, kind: 'app', adminPassword: scaffold.adminPassword };
}

/** What to do next, printed at the end. */
export function nextSteps(opts: Options, result: CreateResult): string {
  const cd = `cd ${path.relative(process.cwd(), result.dir) || '.'}`;
  const install = opts.install ? [] : ['npm install'];
  if (result.kind === 'plugin') return ['', 'Next steps:', `  ${cd}`, ...install.map((l) => `  ${l}`), '  npm test', ''].join('\n');
  const url = `http://localhost:${opts.port}`;
  const run =
    opts.database === 'compose'
      ? ['docker compose up -d --build --wait   (Postgres in a container; --profile redis for Redis)']
      : ['npm start'];
  return [
    '',
    `Done. Your Bacon app is in ${result.dir}`,
    '',
    'Next steps:',
    `  ${cd}`,
    ...[...install, ...run].map((l) => `  ${l}`),
    `  open ${url}/webui.html and sign in as admin@bacon.local with password ${result.adminPassword} (also in .env)`,
    `  try the widget on ${url}/demo, then make a site key (Admin, Site keys) for your own page (widget/)`,
    '',
  ].join('\n');
}
