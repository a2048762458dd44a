// `npm run stack:up` (`make up`): the whole stack, one command. With a Docker engine it runs
// `docker compose up` on docker-compose.yml; without one it starts the same topology natively: the
// host process against DATABASE_URL/REDIS_URL from .env or the environment, or the embedded
// default. Either way it waits for /readyz and prints the URLs. Flags: --native, --port N.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { freshSecrets, fillEnv } from 'create-bacon-app';
import { parseDotenv } from './stack-env.js';
import { COMPOSE_VARS } from './stack-env-example.js';
import { isBaconHost, logFile, readState, stackDir, writeState } from './stack-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const say = (line: string) => process.stdout.write(`${line}\n`);

function dockerAnswers(): boolean {
  const r = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

async function readDotenv(): Promise<Record<string, string>> {
  const file = path.join(root, '.env');
  return existsSync(file) ? parseDotenv(await readFile(file, 'utf8')) : {};
}

async function waitReady(url: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`the host exited before it was ready; see ${logFile()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`/readyz not green after ${timeoutMs / 1000} s (last: ${last}); see ${logFile()}`);
}

function printUrls(url: string, mode: string): void {
  say(`\nBacon is up (${mode}):`);
  say(`  app:     ${url}`);
  say(`  console: ${url}/webui.html`);
  say(`  widget:  ${url}/demo`);
  say(`  health:  ${url}/readyz`);
  say(`Stop it with: npm run stack:down\n`);
}

async function composeUp(): Promise<void> {
  const envFile = path.join(root, '.env');
  if (!existsSync(envFile)) {
    await writeFile(envFile, fillEnv(await readFile(path.join(root, '.env.example'), 'utf8'), freshSecrets()), { mode: 0o600 });
    say('Wrote .env with freshly generated secrets.');
  }
  const env = await readDotenv();
  const profiles = env.REDIS_URL ? ['--profile', 'redis'] : [];
  say('Starting docker compose (building the image the first time takes a few minutes)...');
  const r = spawnSync('docker', ['compose', ...profiles, 'up', '-d', '--build', '--wait'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('docker compose up failed (see above)');
  const url = `http://localhost:${env.BACON_PORT || 3000}`;
  await writeState({ mode: 'compose', url, startedAt: new Date().toISOString() });
  printUrls(url, 'docker compose');
}

async function nativeUp(): Promise<void> {
  const running = await readState();
  if (running?.pid && (await isBaconHost(running.pid))) {
    say(`Already running (pid ${running.pid}) at ${running.url}; npm run stack:down stops it.`);
    return;
  }
  const fromFile = await readDotenv();
  for (const v of COMPOSE_VARS) delete fromFile[v.name];
  const env: NodeJS.ProcessEnv = { ...fromFile, ...process.env };
  const port = flag('--port') ?? env.PORT ?? '3000';
  env.PORT = port;
  env.HOST ??= '127.0.0.1';
  const url = `http://127.0.0.1:${port}`;
  const backend = env.DATABASE_URL ? 'Postgres' : 'embedded PGlite';
  say(`No Docker engine answers: starting the host natively (${backend}${env.REDIS_URL ? ' + Redis' : ''}) on port ${port}...`);
  await mkdir(stackDir(), { recursive: true });
  const log = openSync(logFile(), 'a');
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', '--conditions', 'bacon-source', 'host/src/cli.ts', 'start'],
    {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  child.unref();
  await writeState({ mode: 'native', pid: child.pid, url, startedAt: new Date().toISOString() });
  say(`  host pid ${child.pid}, log ${logFile()}`);
  say('  waiting for /readyz...');
  const started = Date.now();
  await waitReady(url, Number(flag('--timeout') ?? 300) * 1000, () => !exited);
  say(`  ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  printUrls(url, 'native');
}

try {
  if (!args.includes('--native') && dockerAnswers()) await composeUp();
  else await nativeUp();
} catch (err) {
  process.stderr.write(`stack:up: ${(err as Error).message}\n`);
  process.exit(1);
}
