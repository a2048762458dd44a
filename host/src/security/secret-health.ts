import { Gauge } from 'prom-client';
import type { AuthRuntime } from '../auth/auth-runtime.js';
import { KNOWN_DEFAULT_SECRETS, keyWarnings, recordFirstSeen, type KeyProblem } from '../auth/key-health.js';
import type { HostMetrics } from '../metrics/metrics.js';
import { INSTALL_TENANT } from '../plugins/install-store.js';
import { pluginSecretAges } from './secret-ages.js';

/** Site secrets Bacon makes are 32 random bytes (43 characters); anything under 32 characters was set by hand. */
const MIN_SITE_SECRET_CHARS = 32;
const DAY_MS = 86_400_000;

export type SecretKind = 'jwt_key' | 'site_secret' | 'plugin_secret';

/** One secret that is weak, a well-known default or past its rotation age. Never the secret itself. */
export interface SecretWarning {
  kind: SecretKind;
  /** The JWT key's kid, the site key, or `plugin.field` (`*:plugin.field` at the install level). */
  id: string;
  problem: KeyProblem;
  detail: string;
}

const ageDays = (since: Date, now: number) => Math.floor((now - since.getTime()) / DAY_MS);

/** Weak, default and old secrets the tenant's admins can act on, with the deployment's JWT keys when `jwt` is on. */
export async function secretWarnings(
  rt: AuthRuntime,
  tenantId: string,
  opts: { jwt?: boolean; now?: number } = {},
): Promise<SecretWarning[]> {
  const now = opts.now ?? Date.now();
  const maxAge = rt.config.secretMaxAgeDays;
  const out: SecretWarning[] = [];
  if (opts.jwt !== false) {
    const keys = [...rt.keys.keys.values()];
    for (const w of keyWarnings(keys, await recordFirstSeen(rt.knex, keys), rt.config.jwtKeyMaxAgeDays, now))
      out.push({ kind: 'jwt_key', id: w.kid, problem: w.problem, detail: `JWT ${w.detail}` });
  }
  const sites = (await rt
    .knex('site_keys')
    .where({ tenant_id: tenantId })
    .select('key', 'name', 'config_secret', 'identity_secret', 'secrets_rotated_at', 'created_at')
    .orderBy('created_at')) as {
    key: string;
    name: string;
    config_secret: string;
    identity_secret: string;
    secrets_rotated_at: Date | string | null;
    created_at: Date | string;
  }[];
  for (const s of sites) {
    const label = `site key ${s.name ? `"${s.name}" ` : ''}(${s.key})`;
    for (const [what, value] of [
      ['config', s.config_secret],
      ['identity', s.identity_secret],
    ] as const) {
      if (KNOWN_DEFAULT_SECRETS.includes(value.trim().toLowerCase()))
        out.push({
          kind: 'site_secret',
          id: s.key,
          problem: 'known_default',
          detail: `${label}: its ${what} secret is a well-known default`,
        });
      else if (value.length < MIN_SITE_SECRET_CHARS)
        out.push({
          kind: 'site_secret',
          id: s.key,
          problem: 'short',
          detail: `${label}: its ${what} secret is ${value.length} characters`,
        });
    }
    const days = ageDays(new Date(s.secrets_rotated_at ?? s.created_at), now);
    if (days > maxAge)
      out.push({
        kind: 'site_secret',
        id: s.key,
        problem: 'old',
        detail: `${label}: secrets ${days} days old (maximum ${maxAge}); rotate them`,
      });
  }
  for (const p of await pluginSecretAges(rt.knex, tenantId, INSTALL_TENANT)) {
    const days = ageDays(p.updatedAt, now);
    if (days <= maxAge) continue;
    const id = `${p.tenantId === INSTALL_TENANT ? '*:' : ''}${p.pluginId}.${p.field}`;
    out.push({
      kind: 'plugin_secret',
      id,
      problem: 'old',
      detail: `plugin ${p.pluginId}: ${p.field} set ${days} days ago (maximum ${maxAge}); rotate it`,
    });
  }
  return out;
}

/**
 * Checks every tenant's site and plugin secrets at boot and every BACON_KEY_CHECK_MINUTES: each
 * problem is a warning in the log (ids only) and counted in `bacon_secret_warnings{kind,problem}`.
 * (JWT keys have their own check and metric: key-health.ts.)
 */
export async function watchSecretHealth(rt: AuthRuntime, metrics: HostMetrics): Promise<NodeJS.Timeout> {
  const gauge = new Gauge({
    name: 'bacon_secret_warnings',
    help: 'Site secrets and plugin credentials that are weak, well-known or past their rotation age, by kind and problem',
    labelNames: ['kind', 'problem'] as const,
    registers: [metrics.registry],
  });
  const check = async () => {
    const tenants = (await rt.knex('tenants').pluck('id')) as string[];
    const counts = new Map<string, number>();
    for (const tenantId of tenants) {
      for (const w of await secretWarnings(rt, tenantId, { jwt: false })) {
        counts.set(`${w.kind}|${w.problem}`, (counts.get(`${w.kind}|${w.problem}`) ?? 0) + 1);
        rt.log.warn({ tenantId, kind: w.kind, secretId: w.id, problem: w.problem }, `secret hygiene: ${w.detail}`);
      }
    }
    gauge.reset();
    for (const kind of ['site_secret', 'plugin_secret'])
      for (const problem of ['short', 'known_default', 'old']) gauge.set({ kind, problem }, counts.get(`${kind}|${problem}`) ?? 0);
  };
  await check().catch((err: unknown) => rt.log.warn({ err }, 'secret hygiene check failed'));
  const timer = setInterval(
    () => void check().catch((err: unknown) => rt.log.warn({ err }, 'secret hygiene check failed')),
    rt.config.keyCheckMinutes * 60_000,
  );
  timer.unref();
  return timer;
}
