import type { Knex } from 'knex';
import { Counter, type Registry } from 'prom-client';
import { Invalid, type PluginJobs, type PluginLogger, type RetentionMode, type RetentionTarget } from '@bacon/sdk';

/** One policy: rows of `kind` older than `days` are deleted or anonymized. */
export interface RetentionPolicy {
  kind: string;
  days: number;
  mode: RetentionMode;
}

export interface RetentionDeps {
  db: Knex;
  targets: () => readonly RetentionTarget[];
  rows: Counter<'kind' | 'mode'>;
  jobs?: PluginJobs;
  log?: PluginLogger;
}

export const RETENTION_QUEUE = 'retention';
const TABLE = 'compliance_retention_policies';
const DAY_MS = 86_400_000;
const BATCH = 500;

export function retentionRowsCounter(registry: Registry): Counter<'kind' | 'mode'> {
  const name = 'bacon_compliance_retention_rows_total';
  return (
    (registry.getSingleMetric(name) as Counter<'kind' | 'mode'> | undefined) ??
    new Counter({
      name,
      help: 'Rows deleted or anonymized by tenants’ retention policies, by kind and mode',
      labelNames: ['kind', 'mode'] as const,
      registers: [registry],
    })
  );
}

export async function readPolicies(db: Knex, tenantId: string): Promise<RetentionPolicy[]> {
  const rows = (await db(TABLE).where({ tenant_id: tenantId }).orderBy('kind')) as { kind: string; days: number; mode: RetentionMode }[];
  return rows.map((r) => ({ kind: r.kind, days: Number(r.days), mode: r.mode }));
}

/** Refuses (400, naming the policy) a kind no owner registered, a mode its owner does not support, or a kind twice. */
export function checkPolicies(targets: readonly RetentionTarget[], policies: RetentionPolicy[]): void {
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    const t = targets.find((x) => x.kind === p.kind);
    if (!t) throw Invalid(`Unknown retention kind "${p.kind}".`, { field: `policies/${i}/kind`, kinds: targets.map((x) => x.kind) });
    if (!t.modes.includes(p.mode))
      throw Invalid(`"${p.kind}" can only be ${t.modes.join(' or ')}d.`, { field: `policies/${i}/mode`, modes: t.modes });
    if (seen.has(p.kind)) throw Invalid(`"${p.kind}" has two policies.`, { field: `policies/${i}/kind` });
    seen.add(p.kind);
  });
}

/** Replaces the tenant's policies. */
export async function writePolicies(db: Knex, tenantId: string, policies: RetentionPolicy[], now: Date): Promise<void> {
  await db.transaction(async (trx) => {
    await trx(TABLE).where({ tenant_id: tenantId }).delete();
    if (policies.length) await trx(TABLE).insert(policies.map((p) => ({ tenant_id: tenantId, ...p, updated_at: now })));
  });
}

export interface RetentionCount extends RetentionPolicy {
  /** The cutoff: rows older than this. */
  before: string;
  rows: number;
}

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** What the tenant's policies would change now, per policy. */
export async function previewRetention(deps: RetentionDeps, tenantId: string, now: Date): Promise<RetentionCount[]> {
  const out: RetentionCount[] = [];
  for (const p of await readPolicies(deps.db, tenantId)) {
    const t = deps.targets().find((x) => x.kind === p.kind);
    if (!t) continue;
    const before = cutoff(now, p.days);
    out.push({ ...p, before: before.toISOString(), rows: await t.count(tenantId, before, p.mode) });
  }
  return out;
}

/** Applies the tenant's policies in batches; counts rows in the metric. A policy whose owner is gone is skipped. */
export async function applyRetention(deps: RetentionDeps, tenantId: string, now: Date): Promise<RetentionCount[]> {
  const out: RetentionCount[] = [];
  for (const p of await readPolicies(deps.db, tenantId)) {
    const t = deps.targets().find((x) => x.kind === p.kind);
    if (!t || !t.modes.includes(p.mode)) continue;
    const before = cutoff(now, p.days);
    let rows = 0;
    for (;;) {
      const n = await t.apply(tenantId, before, p.mode, BATCH);
      rows += n;
      deps.rows.inc({ kind: p.kind, mode: p.mode }, n);
      if (n < BATCH) break;
    }
    out.push({ ...p, before: before.toISOString(), rows });
  }
  return out;
}

/**
 * The daily job: every tenant with a policy, then tomorrow's run (03:30 UTC), queued once per
 * cluster by its singleton key whichever host ran today's. A tenant that fails is logged and the
 * others still run; the job fails after them so pg-boss retries it (every target is idempotent).
 */
export async function runDailyRetention(deps: RetentionDeps, now: Date = new Date()): Promise<number> {
  const tenants = (await deps.db(TABLE).distinct('tenant_id').pluck('tenant_id')) as string[];
  let rows = 0;
  let failed: unknown;
  for (const tenantId of tenants) {
    try {
      for (const r of await applyRetention(deps, tenantId, now)) rows += r.rows;
    } catch (err) {
      failed = err;
      deps.log?.error({ err, tenantId }, 'retention failed for a tenant');
    }
  }
  await scheduleNextRetention(deps, now);
  if (failed) throw failed;
  return rows;
}

export async function scheduleNextRetention(deps: Pick<RetentionDeps, 'jobs'>, now: Date): Promise<void> {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3, 30, 0));
  await deps.jobs?.send(
    RETENTION_QUEUE,
    {},
    { startAfter: next, singletonKey: `retention:${next.toISOString().slice(0, 10)}`, retryLimit: 5, retryBackoff: true },
  );
}
