// A private Postgres server for the drill that restarts the database: initdb into a temp dir and
// pg_ctl on a free loopback port, so restarting it disturbs no one else's server. As root (Postgres
// refuses to run as root) the server runs as the `postgres` system user through `su`.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './cluster-host.js';

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;

export interface PrivatePostgres {
  /** The `postgres` database of the private server. */
  url: string;
  /** Stops the server (fast shutdown: open sessions are terminated, as on a real restart). */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** Debian's server binaries (`/usr/lib/postgresql/<major>/bin`), the newest major first. */
function binDir(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => path.join(base, m, 'bin')).find((d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')));
}

/** The uid/gid of the `postgres` system user, from /etc/passwd. */
function postgresUser(): { uid: number; gid: number } | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const f = line?.split(':');
  return f && f.length > 3 ? { uid: Number(f[2]), gid: Number(f[3]) } : undefined;
}

/** Why a private Postgres cannot run here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  if (!binDir()) return 'no Postgres server binaries (initdb, pg_ctl) under /usr/lib/postgresql';
  if (asRoot && !postgresUser()) return 'running as root and there is no "postgres" system user to run the server as';
  return undefined;
}

/** Runs a server binary as the current user, or as `postgres` when we are root. */
async function pgBin(bin: string, args: string[]): Promise<void> {
  const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  if (asRoot) await run('su', ['postgres', '-s', '/bin/sh', '-c', quoted]);
  else await run(bin, args);
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir()!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-drill-pg-'));
  if (asRoot) {
    const u = postgresUser()!;
    await chown(dir, u.uid, u.gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  await pgBin(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const pgCtl = (...args: string[]) => pgBin(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '30', ...args]);
  const start = () => pgCtl('-o', opts, '-l', path.join(dir, 'server.log'), 'start');
  const stop = () => pgCtl('-m', 'fast', 'stop');
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await start();
      running = true;
    },
    async stop() {
      await stop();
      running = false;
    },
    async destroy() {
      if (running) await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
