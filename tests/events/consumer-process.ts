import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const jwtKeys = `evtest:${randomBytes(48).toString('base64url')}`;
const secretsKey = randomBytes(32).toString('hex');

export interface ConsumerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** kill -9; resolves once the process is gone. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface Delivery {
  event_id: string;
  key: string;
  host: string;
  entered_at: string;
  exited_at: string | null;
}

export interface ConsumerState {
  effects: { apply_id: string; event_id: string; key: string; seq: number }[];
  deliveries: Delivery[];
  consumer?: { lease_owner: string | null; pos: string };
  now: string;
}

/** Starts tests/events/_consumer-host.ts on a loopback port against `db` (Postgres URL or PGlite data dir). */
export async function startConsumerProcess(name: string, db: { databaseUrl?: string; dataDir: string }): Promise<ConsumerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EVTEST_HOST: name,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BACON_DATA_DIR: db.dataDir,
    BACON_PLUGIN_DISCOVERY: 'false',
    BACON_JWT_KEYS: jwtKeys,
    BACON_PLUGIN_SECRETS_KEY: secretsKey,
    BACON_ADMIN_PASSWORD: 'evtest-admin-password',
    BACON_EVENTS_POLL_MS: '100',
    BACON_EVENTS_LEASE_MS: '1500',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', '--conditions', 'bacon-source', 'tests/events/_consumer-host.ts'],
    {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`consumer host ${name} exited with ${code}`)));
  });
  return {
    name,
    url,
    child,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function appendVia(p: ConsumerProcess, events: { key: string; seq: number }[]): Promise<void> {
  const res = await fetch(`${p.url}/api/v1/evtest/append`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  if (res.status !== 200) throw new Error(`append: ${res.status} ${await res.text()}`);
}

export async function stateOf(p: ConsumerProcess): Promise<ConsumerState> {
  const res = await fetch(`${p.url}/api/v1/evtest/state`);
  if (res.status !== 200) throw new Error(`state: ${res.status}`);
  return (await res.json()) as ConsumerState;
}

/** Per key, no delivery entered before the previous one exited (a killed one counts as ending at `killedAt`). */
export function overlaps(deliveries: Delivery[], killedAt?: string): string[] {
  const out: string[] = [];
  const byKey = new Map<string, Delivery[]>();
  for (const d of deliveries) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  for (const [key, list] of byKey) {
    list.sort((a, b) => Date.parse(a.entered_at) - Date.parse(b.entered_at));
    for (let i = 1; i < list.length; i++) {
      const prevEnd = list[i - 1]!.exited_at ?? killedAt;
      if (!prevEnd || Date.parse(list[i]!.entered_at) < Date.parse(prevEnd))
        out.push(`${key}: ${list[i - 1]!.host} and ${list[i]!.host} at ${list[i]!.entered_at}`);
    }
  }
  return out;
}
