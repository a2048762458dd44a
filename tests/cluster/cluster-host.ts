// A host process of the cluster drills, started the way `npm start` starts one (host/src/cli.ts start)
// on its own free loopback port, with the inbox, the channels plugin and the drills' consumer.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export const ADMIN = { email: 'drill-admin@bacon.local', password: 'drill-admin-password-123' };
/** One cluster's shared secrets: every host signs and verifies with the same keys. */
const shared = {
  BACON_JWT_KEYS: `drill:${randomBytes(48).toString('base64url')}`,
  BACON_PLUGIN_SECRETS_KEY: randomBytes(32).toString('hex'),
};

export interface ClusterHost {
  name: string;
  url: string;
  pid: number;
  /** What the process wrote to stderr (its warnings and errors), for a failing drill's message. */
  stderr(): string;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startClusterHost(name: string, env: { databaseUrl: string; redisUrl?: string }): Promise<ClusterHost> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `bacon-drill-${name}-`));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...shared,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    LOG_PRETTY: 'false',
    BACON_DATA_DIR: dataDir,
    BACON_PLUGIN_DISCOVERY: 'false',
    BACON_PLUGINS: ['@bacon/plugin-inbox', '@bacon/plugin-channels', path.join(here, 'drill-plugin')].join(','),
    BACON_ADMIN_EMAIL: ADMIN.email,
    BACON_ADMIN_PASSWORD: ADMIN.password,
    BACON_RATE_WIDGET_IP: '100000/60',
    BACON_RATE_WIDGET_SITE: '100000/60',
    BACON_RATE_API_IP: '100000/60',
    BACON_RATE_API_VISITOR: '100000/60',
    BACON_RATE_API_USER: '100000/60',
    BACON_EVENTS_POLL_MS: '100',
    BACON_EVENTS_LEASE_MS: '1500',
    BACON_SHUTDOWN_TIMEOUT_MS: '2000',
    CLUSTER_DRILL_HOST: name,
    DATABASE_URL: env.databaseUrl,
  };
  delete childEnv.REDIS_URL;
  if (env.redisUrl) childEnv.REDIS_URL = env.redisUrl;
  const child: ChildProcess = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', '--conditions', 'bacon-source', 'host/src/cli.ts', 'start'],
    { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /health:\s+(http:\/\/\S+)\/readyz/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host ${name} exited with ${code} before serving:\n${out}\n${err}`)));
  });
  const cleanup = () => rm(dataDir, { recursive: true, force: true });
  return {
    name,
    url,
    pid: child.pid!,
    stderr: () => err,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await cleanup();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await cleanup();
    },
  };
}
