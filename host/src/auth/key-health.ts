import { Gauge } from 'prom-client';
import type { Knex } from 'knex';
import type { HostMetrics } from '../metrics/metrics.js';
import type { Readiness } from '../health/readiness.js';
import type { AuthRuntime } from './auth-runtime.js';
import type { JwtKey } from './jwt-keys.js';

/** Secrets seen in tutorials and sample configs: a key equal to one of them is as good as public. */
export const KNOWN_DEFAULT_SECRETS = [
  'secret',
  'changeme',
  'change-me',
  'changeit',
  'password',
  'default',
  'test',
  'development',
  'bacon',
  'your-256-bit-secret',
  'your-secret',
  'your_jwt_secret',
  'jwt-secret',
  'jwt_secret',
  'supersecret',
  'shhhhh',
  'keyboard cat',
  'mysecret',
  'secretkey',
  'secret-key',
];
export const MIN_KEY_BYTES = 32;
const FIRST_SEEN = 'auth.jwt_keys_first_seen';

export type KeyProblem = 'short' | 'known_default' | 'old';
export interface KeyWarning {
  kid: string;
  problem: KeyProblem;
  detail: string;
}

/** What is wrong with each key: shorter than 32 bytes, a known default, older than the maximum age. */
export function keyWarnings(keys: JwtKey[], firstSeen: Record<string, string>, maxAgeDays: number, now = Date.now()): KeyWarning[] {
  const out: KeyWarning[] = [];
  for (const k of keys) {
    if (KNOWN_DEFAULT_SECRETS.includes(k.secret.toString('utf8').trim().toLowerCase()))
      out.push({ kid: k.kid, problem: 'known_default', detail: `key ${k.kid} is a well-known default secret` });
    else if (k.secret.length < MIN_KEY_BYTES)
      out.push({ kid: k.kid, problem: 'short', detail: `key ${k.kid} is ${k.secret.length} bytes; use at least ${MIN_KEY_BYTES}` });
    const since = k.createdAt?.getTime() ?? (firstSeen[k.fingerprint] ? Date.parse(firstSeen[k.fingerprint]!) : now);
    const ageDays = Math.floor((now - since) / 86400_000);
    if (ageDays > maxAgeDays)
      out.push({ kid: k.kid, problem: 'old', detail: `key ${k.kid} is ${ageDays} days old (maximum ${maxAgeDays}); rotate it` });
  }
  return out;
}

/** Remembers when each configured key was first seen (host_meta), which dates keys from the environment. */
export async function recordFirstSeen(knex: Knex, keys: JwtKey[]): Promise<Record<string, string>> {
  const row = (await knex('host_meta').where({ key: FIRST_SEEN }).first()) as { value: Record<string, string> } | undefined;
  const seen = { ...(row?.value ?? {}) };
  let changed = false;
  for (const k of keys) {
    if (!seen[k.fingerprint]) {
      seen[k.fingerprint] = (k.createdAt ?? new Date()).toISOString();
      changed = true;
    }
  }
  if (changed) {
    await knex('host_meta')
      .insert({ key: FIRST_SEEN, value: JSON.stringify(seen), updated_at: knex.fn.now() })
      .onConflict('key')
      .merge();
  }
  return seen;
}

/**
 * Checks the keys at boot and every BACON_KEY_CHECK_MINUTES: each problem is a warning in the log,
 * `bacon_jwt_key_warnings{kid,problem} 1` in /metrics, and the `jwt_keys` detail of /readyz
 * (a non-required check: weak keys never take the host out of rotation).
 */
export async function watchKeyHealth(rt: AuthRuntime, metrics: HostMetrics, readiness: Readiness): Promise<NodeJS.Timeout> {
  const keys = [...rt.keys.keys.values()];
  const gauge = new Gauge({
    name: 'bacon_jwt_key_warnings',
    help: 'JWT signing keys that are weak, well-known or due for rotation (1 per problem)',
    labelNames: ['kid', 'problem'] as const,
    registers: [metrics.registry],
  });
  let current: KeyWarning[] = [];
  const check = async () => {
    const seen = await recordFirstSeen(rt.knex, keys);
    current = keyWarnings(keys, seen, rt.config.jwtKeyMaxAgeDays);
    gauge.reset();
    for (const w of current) {
      gauge.set({ kid: w.kid, problem: w.problem }, 1);
      rt.log.warn({ kid: w.kid, problem: w.problem }, `JWT key warning: ${w.detail}`);
    }
  };
  await check();
  readiness.add('jwt_keys', async () => (current.length ? { ok: false, detail: current.map((w) => w.detail).join('; ') } : { ok: true }), {
    required: false,
  });
  const timer = setInterval(
    () => void check().catch((err) => rt.log.warn({ err }, 'JWT key check failed')),
    rt.config.keyCheckMinutes * 60_000,
  );
  timer.unref();
  return timer;
}
