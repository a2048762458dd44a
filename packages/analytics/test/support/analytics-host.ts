import request from 'supertest';
import type { Knex } from 'knex';
import { definePlugin, type PluginEventLog } from '@bacon/sdk';
import {
  startTestHost,
  createTestTenant,
  createTestUser,
  waitFor,
  type TestDatabase,
  type TestHost,
  type TestUser,
} from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import analytics, { type AnalyticsApi } from '../../src/index.js';

export interface AnalyticsTestHost {
  host: TestHost;
  db: Knex;
  events: PluginEventLog;
  inbox: InboxApi;
  analytics: AnalyticsApi;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** A real host (PGlite, or Postgres when DATABASE_URL is set) with the inbox and analytics, and a probe holding their APIs. */
export async function startAnalyticsHost(opts: { database?: TestDatabase } = {}): Promise<AnalyticsTestHost> {
  let probe: Omit<AnalyticsTestHost, 'host' | 'http' | 'close'> | undefined;
  const plugin = definePlugin({
    id: 'analytics-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0', analytics: '^0.1.0' },
    init(ctx) {
      probe = { db: ctx.db, events: ctx.events, inbox: ctx.use<InboxApi>('inbox'), analytics: ctx.use<AnalyticsApi>('analytics') };
    },
  });
  const host = await startTestHost({ plugins: [inbox, analytics, plugin], database: opts.database });
  if (!probe) throw new Error('the probe did not start');
  return { host, ...probe, http: request(host.app.callback()), close: () => host.close() };
}

export interface Team {
  tenantId: string;
  admin: TestUser;
  agents: TestUser[];
}

export async function createTeam(host: TestHost, agents = 2): Promise<Team> {
  const { id: tenantId } = await createTestTenant(host);
  const admin = await createTestUser(host, { role: 'admin', tenantId, name: 'Ada Admin' });
  const list: TestUser[] = [];
  for (let i = 0; i < agents; i++) list.push(await createTestUser(host, { role: 'agent', tenantId, name: `Agent ${i + 1}` }));
  return { tenantId, admin, agents: list };
}

/** Waits until the consumer applied every inbox event of the tenant. */
export async function caughtUp(t: AnalyticsTestHost, tenantId: string): Promise<void> {
  await waitFor(
    async () => {
      const [{ n: appended }] = await t
        .db('host_events')
        .where({ tenant_id: tenantId })
        .where((q) => q.where('topic', 'like', 'conversation.%').orWhere('topic', 'message.created').orWhere('topic', 'ai.draft.feedback'))
        .count({ n: '*' });
      const [{ n: applied }] = await t.db('analytics_applied_events').where({ tenant_id: tenantId }).count({ n: '*' });
      return Number(appended) > 0 && Number(appended) === Number(applied);
    },
    { what: 'the analytics consumer to apply every event', timeoutMs: 30_000 },
  );
}

/** The tenant's facts, cycles and rollups, sorted, with sums rounded (float sums may differ in the last bit by order). */
export async function snapshot(db: Knex, tenantId: string) {
  const round = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === 'number' ? Math.round(v * 1000) / 1000 : v instanceof Date ? v.toISOString() : v,
        ]),
      ),
    );
  return {
    conversations: round(await db('analytics_conversations').where({ tenant_id: tenantId }).orderBy('conversation_id')),
    cycles: round(await db('analytics_cycles').where({ tenant_id: tenantId }).orderBy(['conversation_id', 'cycle'])),
    hourly: round(
      await db('analytics_hourly')
        .where({ tenant_id: tenantId })
        .orderBy(['hour', 'channel', 'agent_id', 'site_key'])
        .select('*', db.raw('extract(epoch from hour)::bigint AS hour_s')),
    ).map(({ hour: _h, ...r }) => r),
  };
}
