import type { Knex } from 'knex';
import type { ChannelEvent, PluginChannelAdapters, PluginJobs, PluginLogger } from '@bacon/sdk';
import { ingestChannelEvents, type IngestDeps } from './channel-ingest.js';
import type { ChannelMetrics } from './channel-metrics.js';

export const POLL_QUEUE = 'channel-poll';

export interface PollerOptions {
  /** How often each host looks for installs whose poll chain is missing (new installs, lost jobs). Default 30 s. */
  seedEveryMs?: number;
  /** Overrides every adapter's `pollIntervalSeconds` (tests, benches). */
  intervalSeconds?: number;
  /** How long a running poll holds its install before another host may take it. Default 120 s. */
  leaseSeconds?: number;
}

export interface PollerDeps extends IngestDeps {
  adapters: PluginChannelAdapters;
  jobs: PluginJobs;
  metrics: ChannelMetrics;
  log: Pick<PluginLogger, 'warn'>;
}

interface PollJob {
  pluginId: string;
  tenantId: string;
}

const table = (db: Knex) => db('channels_poll_state');

/** What a sandboxed `poll` answered, kept to the contract (events array, cursor string or null). */
function pollResultOf(raw: unknown): { events: ChannelEvent[]; cursor: string | null } {
  const r = raw as { events?: unknown; cursor?: unknown } | undefined;
  if (!r || typeof r !== 'object' || !Array.isArray(r.events)) throw new Error('poll answered no events array');
  if (r.cursor !== null && r.cursor !== undefined && typeof r.cursor !== 'string')
    throw new Error('poll answered a cursor that is not a string');
  return { events: r.events as ChannelEvent[], cursor: (r.cursor as string | null | undefined) ?? null };
}

/**
 * The polling transport: for adapters that define `poll` instead of receiving webhooks. Each
 * (tenant, plugin) install is one chain of durable jobs (`channel-poll`): a job claims the install
 * with a lease (compare-and-set, so two hosts or two stray jobs never poll it at once), calls `poll`
 * with the stored cursor, ingests the events (idempotent by provider message id), then stores the
 * next cursor and schedules the next job. A crash before the cursor is stored polls the same page
 * again: at least once, and the duplicates are dropped by ingestion. Each host's seeder restarts
 * chains that are missing (a new install, a job lost with its host).
 */
export function channelPoller(deps: PollerDeps, options: PollerOptions = {}) {
  const seedEveryMs = options.seedEveryMs ?? 30_000;
  const leaseMs = (options.leaseSeconds ?? 120) * 1000;
  const intervalMs = (pluginId: string) => (options.intervalSeconds ?? deps.adapters.get(pluginId)?.pollIntervalSeconds ?? 60) * 1000;
  const pollers = () => deps.adapters.list().filter((a) => a.methods.includes('poll'));
  let timer: NodeJS.Timeout | undefined;

  /** Runs one poll of an install if it is due and free; answers when the next is due (undefined: not ours). */
  async function pollOnce({ pluginId, tenantId }: PollJob): Promise<Date | undefined> {
    const info = deps.adapters.get(pluginId);
    if (!info?.methods.includes('poll') || !(await deps.adapters.enabledTenants(pluginId)).includes(tenantId)) return undefined;
    const now = new Date();
    await table(deps.db)
      .insert({ tenant_id: tenantId, plugin_id: pluginId, next_poll_at: now })
      .onConflict(['tenant_id', 'plugin_id'])
      .ignore();
    const claimed = await table(deps.db)
      .where({ tenant_id: tenantId, plugin_id: pluginId })
      .where('next_poll_at', '<=', now)
      .where((q) => q.whereNull('leased_until').orWhere('leased_until', '<', now))
      .update({ leased_until: new Date(now.getTime() + leaseMs) })
      .returning(['cursor']);
    if (!claimed.length) return undefined;
    const next = new Date(now.getTime() + intervalMs(pluginId));
    const labels = { channel: info.name };
    try {
      const { events, cursor } = pollResultOf(await deps.adapters.call(pluginId, 'poll', { cursor: claimed[0].cursor ?? null }, tenantId));
      const counts = await ingestChannelEvents(deps, { tenantId, pluginId, channel: info.name }, events);
      if (counts.messages) deps.metrics.inbound.inc({ ...labels, outcome: 'message' }, counts.messages);
      if (counts.duplicates) deps.metrics.inbound.inc({ ...labels, outcome: 'duplicate' }, counts.duplicates);
      if (counts.statuses) deps.metrics.inbound.inc({ ...labels, outcome: 'status' }, counts.statuses);
      // Only now, with every event committed, does the cursor move on.
      await table(deps.db)
        .where({ tenant_id: tenantId, plugin_id: pluginId })
        .update({ cursor, polled_at: now, next_poll_at: next, leased_until: null, last_error: null });
    } catch (err) {
      deps.metrics.inbound.inc({ ...labels, outcome: 'failed' });
      deps.log.warn({ plugin: pluginId, tenantId, err: (err as Error).message }, 'channel poll failed');
      await table(deps.db)
        .where({ tenant_id: tenantId, plugin_id: pluginId })
        .update({ next_poll_at: next, leased_until: null, last_error: String((err as Error).message ?? err).slice(0, 500) });
    }
    return next;
  }

  /** Starts a chain for every enabled install of a polling adapter that has none running. */
  async function seed(): Promise<void> {
    const now = Date.now();
    for (const info of pollers()) {
      const tenants = await deps.adapters.enabledTenants(info.pluginId);
      if (!tenants.length) continue;
      const states = await table(deps.db).where({ plugin_id: info.pluginId }).whereIn('tenant_id', tenants);
      const byTenant = new Map(states.map((s: Record<string, unknown>) => [String(s.tenant_id), s]));
      const stale = intervalMs(info.pluginId) + leaseMs;
      for (const tenantId of tenants) {
        const s = byTenant.get(tenantId) as { next_poll_at: string; leased_until: string | null } | undefined;
        const lost = !s || (Date.parse(s.next_poll_at) < now - stale && !(s.leased_until && Date.parse(s.leased_until) > now));
        if (lost) await deps.jobs.send(POLL_QUEUE, { pluginId: info.pluginId, tenantId });
      }
    }
  }

  return {
    pollOnce,
    seed,
    async start(): Promise<void> {
      await deps.jobs.work<PollJob>(POLL_QUEUE, async (job) => {
        const next = await pollOnce(job.data);
        if (next) await deps.jobs.send(POLL_QUEUE, job.data, { startAfter: next });
      });
      const tick = () => seed().catch((err: Error) => deps.log.warn({ err: err.message }, 'channel poll seeding failed'));
      await tick();
      timer = setInterval(tick, seedEveryMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
