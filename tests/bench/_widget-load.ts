// Shared by the fanout and ingest benchmarks: start a host process, log in, make a site key,
// open visitor sessions and sockets, and compute percentiles.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ORIGIN = 'http://bench.test.local';
const ADMIN = { email: 'bench-admin@bacon.local', password: 'bench-password-123' };

export interface BenchHost {
  url: string;
  pid: number;
  child: ChildProcess;
  token: string;
  siteKey: string;
  /** The driver's counters so far (see _bench-host.ts): queries (round trips) and statements. */
  stats(): Promise<{ queries: number; statements: number }>;
  stop(): Promise<void>;
}

/** CPU seconds (user + system) a process has used, from /proc. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A host in its own process (its own file descriptors), on `databaseUrl` or a fresh PGlite dir. */
/** `channelPlugins`: also load the sandboxed WhatsApp and Messenger plugins, with webhook limits out of the way (the channels bench). */
export async function startBenchHost(env: { databaseUrl?: string; redisUrl?: string; channelPlugins?: boolean }): Promise<BenchHost> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bacon-bench-'));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    LOG_PRETTY: 'false',
    BACON_DATA_DIR: dataDir,
    BACON_PLUGIN_DISCOVERY: 'false',
    BACON_ADMIN_EMAIL: ADMIN.email,
    BACON_ADMIN_PASSWORD: ADMIN.password,
    BACON_JWT_KEYS: 'bench:bench-secret-that-is-long-enough-for-hs256-0123456789',
    BACON_RATE_WIDGET_IP: '1000000/60',
    BACON_RATE_WIDGET_SITE: '1000000/60',
    BACON_RATE_API_IP: '1000000/60',
    BACON_RATE_API_USER: '1000000/60',
    DATABASE_POOL_MAX: '20',
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  if (env.databaseUrl) childEnv.DATABASE_URL = env.databaseUrl;
  if (env.redisUrl) childEnv.REDIS_URL = env.redisUrl;
  if (env.channelPlugins) childEnv.BENCH_CHANNEL_PLUGINS = '1';
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_HOST_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--no-node-snapshot',
      '--import',
      'tsx',
      '--conditions',
      'bacon-source',
      'tests/bench/_bench-host.ts',
    ],
    {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench host exited with ${code}`)));
  });
  const login = await post(url, '/api/v1/auth/login', ADMIN);
  const token = login.accessToken as string;
  const site = await post(url, '/api/v1/site-keys', { name: 'bench', allowedOrigins: [ORIGIN] }, { authorization: `Bearer ${token}` });
  return {
    url,
    pid: child.pid!,
    child,
    token,
    siteKey: site.key as string,
    stats() {
      return new Promise((resolve) => {
        let buf = '';
        const on = (d: Buffer) => {
          buf += d;
          const m = /STATS (\{.*\})/.exec(buf);
          if (!m) return;
          child.stdout!.off('data', on);
          resolve(JSON.parse(m[1]!));
        };
        child.stdout!.on('data', on);
        child.kill('SIGUSR2');
      });
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function post(url: string, p: string, body: unknown, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`POST ${p}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** A visitor session (config, then session), as widget.js opens one. */
export async function openVisitor(h: BenchHost): Promise<{ token: string; headers: Record<string, string> }> {
  const cfg = (await (await fetch(`${h.url}/widget/v1/config?siteKey=${h.siteKey}`, { headers: { origin: ORIGIN } })).json()) as {
    signed: string;
  };
  const s = await post(h.url, '/widget/v1/session', { siteKey: h.siteKey, config: cfg.signed });
  const token = s.token as string;
  return { token, headers: { authorization: `Bearer ${token}` } };
}

export function connectSocket(url: string, nsp: '/agent' | '/widget', token: string, timeoutMs = 20_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(`${url}${nsp}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: ORIGIN },
      timeout: timeoutMs,
    });
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => {
      s.close();
      reject(err);
    });
  });
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
