// Cold start: spawn `node host/src/cli.ts start` the way `npm start` does, time it to /readyz green,
// read the process RSS after boot. PGlite runs with a brand-new data dir (first boot: initdb and all
// migrations) and again on the same dir (restart); Postgres with a fresh database.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@bacon/host/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function bootOnce(env: Record<string, string>): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', '--conditions', 'bacon-source', 'host/src/cli.ts', 'start'],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`host exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 300));
    return { ms, rssMb: (await rssKb(child.pid!)) / 1024 };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function summary(label: string, xs: { ms: number; rssMb: number }[]): void {
  const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
  const rss = xs.map((x) => x.rssMb).sort((a, b) => a - b);
  const med = (a: number[]) => a[Math.floor(a.length / 2)]!;
  process.stdout.write(
    `${label.padEnd(34)} cold start to /readyz: median ${med(ms).toFixed(0)} ms (min ${ms[0]!.toFixed(0)}, max ${ms.at(-1)!.toFixed(0)})   RSS after boot: median ${med(rss).toFixed(0)} MB\n`,
  );
}

const fresh: { ms: number; rssMb: number }[] = [];
const restart: { ms: number; rssMb: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-bench-boot-'));
  try {
    fresh.push(await bootOnce({ BACON_DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' }));
    restart.push(await bootOnce({ BACON_DATA_DIR: dir, DATABASE_URL: '', REDIS_URL: '' }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
summary('PGlite, first boot (new data dir)', fresh);
summary('PGlite, restart (existing data)', restart);

const pgUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
process.env.DATABASE_URL = pgUrl;
const pg: { ms: number; rssMb: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  const db = await createTestDatabase('postgres');
  try {
    // A Postgres deployment needs shared signing keys (docs/security.md).
    pg.push(
      await bootOnce({
        DATABASE_URL: db.databaseUrl!,
        BACON_DATA_DIR: db.dataDir,
        REDIS_URL: process.env.REDIS_URL ?? '',
        BACON_JWT_KEYS: `bench:${randomBytes(48).toString('base64url')}`,
      }),
    );
  } finally {
    await db.drop();
  }
}
summary(`Postgres${process.env.REDIS_URL ? ' + Redis' : ''}, fresh database`, pg);
