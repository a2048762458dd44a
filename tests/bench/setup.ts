// `npm run bench -- setup [clone|app|all]`: how long a newcomer waits (`--profile small`: clone only).
//   clone: a clean clone (git clone of HEAD) -> npm ci (split: fetch and link with --ignore-scripts,
//          then the install scripts: isolated-vm's compile, esbuild) -> npm start -> /readyz green
//          -> a first widget message committed.
//   app:   npm pack of the workspace packages -> create-bacon-app (install from those tarballs,
//          migrate) -> npm start -> /readyz green.
// Both run with the machine's warm npm cache (--prefer-offline). Run it under the bench lock:
//   flock /tmp/bench.lock npm run bench -- setup
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The mode is the first argument that is not a flag (`--profile small` is the runner's); the CI's smoke
// profile measures the clean clone only (the app path packs every package: minutes more).
const asked = process.argv.slice(3).find((a) => a === 'clone' || a === 'app' || a === 'all');
const which = asked ?? (process.env.BENCH_PROFILE === 'small' ? 'clone' : 'all');
const figures: [string, number][] = [];

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  process.stdout.write(`  ${label}...\n`);
  const value = await work();
  const s = (performance.now() - t0) / 1000;
  figures.push([label, s]);
  process.stdout.write(`  ${label}: ${s.toFixed(1)} s\n`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function untilReady(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('the host exited before /readyz was green');
    if ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), 'SIGTERM');
  });
}

async function firstWidgetMessage(url: string, adminPassword: string): Promise<void> {
  const origin = 'http://shop.localhost';
  const post = async (p: string, body: unknown, auth?: string) => {
    const res = await fetch(`${url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const token = (await post('/api/v1/auth/login', { email: 'admin@bacon.local', password: adminPassword })).accessToken as string;
  const key = (await post('/api/v1/site-keys', { name: 'bench', allowedOrigins: [origin] }, token)).key as string;
  const config = (await (await fetch(`${url}/widget/v1/config?siteKey=${key}`, { headers: { origin } })).json()) as { signed: string };
  const visitor = (await post('/widget/v1/session', { siteKey: key, config: config.signed })).token as string;
  await post('/widget/v1/conversations', { text: 'first message', clientMessageId: 'bench-setup-1' }, visitor);
}

async function clone(work: string): Promise<void> {
  process.stdout.write('clean clone -> first widget message\n');
  const dir = path.join(work, 'clone');
  const t0 = performance.now();
  await timed('git clone', () => run('git', ['clone', '--quiet', '--no-hardlinks', root, dir]));
  await timed('npm ci --ignore-scripts (fetch, extract, link)', () =>
    run('npm', ['ci', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 << 20 }),
  );
  await timed('install scripts (npm rebuild: isolated-vm compile, esbuild)', () =>
    run('npm', ['rebuild'], { cwd: dir, maxBuffer: 64 << 20 }),
  );
  const port = await freePort();
  const password = 'bench-setup-password-1';
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      BACON_ADMIN_PASSWORD: password,
      DATABASE_URL: '',
      REDIS_URL: '',
    },
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await timed('npm start to /readyz green (builds the console and widget, migrates)', () => untilReady(url, child));
    await timed('first widget message', () => firstWidgetMessage(url, password));
  } finally {
    await stop(child);
  }
  figures.push(['clean clone to a first widget message (total)', (performance.now() - t0) / 1000]);
}

async function app(work: string): Promise<void> {
  process.stdout.write('create-bacon-app -> running\n');
  const packs = path.join(work, 'packs');
  await mkdir(packs);
  const t0 = performance.now();
  const workspaces = [
    '@bacon/sdk',
    '@bacon/inbox-contract',
    '@bacon/host',
    '@bacon/plugin-inbox',
    '@bacon/plugin-channels',
    '@bacon/console',
    '@bacon/widget',
    'create-bacon-app',
  ];
  await timed('npm pack (the release, done once by the publisher)', () =>
    run('npm', ['pack', '--pack-destination', packs, ...workspaces.flatMap((w) => ['-w', w])], { cwd: root, maxBuffer: 64 << 20 }),
  );
  const t1 = performance.now();
  const port = await freePort();
  await timed('create-bacon-app (write, npm install, migrate)', () =>
    run(
      'npm',
      [
        'exec',
        '--yes',
        '--package',
        path.join(packs, 'create-bacon-app-0.1.0.tgz'),
        '--',
        'create-bacon-app',
        'app',
        '--packages',
        packs,
        '--yes',
        '--port',
        String(port),
      ],
      {
        cwd: work,
        maxBuffer: 64 << 20,
      },
    ),
  );
  const dir = path.join(work, 'app');
  const child = spawn('npm', ['start'], {
    cwd: dir,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', REDIS_URL: '' },
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await timed('npm start to /readyz green', () => untilReady(url, child));
    const password = /^BACON_ADMIN_PASSWORD=(.+)$/m.exec(await readFile(path.join(dir, '.env'), 'utf8'))?.[1] ?? '';
    await timed('first widget message', () => firstWidgetMessage(url, password));
  } finally {
    await stop(child);
  }
  figures.push(['create-bacon-app to a first widget message (total, without npm pack)', (performance.now() - t1) / 1000]);
  figures.push(['including npm pack', (performance.now() - t0) / 1000]);
}

const work = await mkdtemp(path.join(os.tmpdir(), 'bacon-bench-setup-'));
try {
  if (which === 'all' || which === 'clone') await clone(work);
  if (which === 'all' || which === 'app') await app(work);
} finally {
  await rm(work, { recursive: true, force: true });
}
process.stdout.write(`\nsetup (warm npm cache, ${os.cpus().length} cores):\n`);
for (const [label, s] of figures) process.stdout.write(`  ${label.padEnd(72)} ${s.toFixed(1).padStart(7)} s\n`);
