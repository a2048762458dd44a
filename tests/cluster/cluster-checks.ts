// What every drill checks once the dust settles: nothing acknowledged is missing from the database,
// from the agent's socket or from any durable consumer.
import { expect } from 'chai';
import pg from 'pg';
import { waitFor } from '@bacon/host/testing';
import type { AgentWatcher } from './drill-client.js';
import type { Sent } from './message-load.js';

export async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Every acknowledged message is stored, heard by the agent, applied by the drill consumer; every consumer's cursor is at the log's end. */
export async function expectNothingLost(databaseUrl: string, agent: AgentWatcher, acked: Sent[]): Promise<void> {
  const ids = acked.map((s) => s.id!);
  expect(ids.length, 'messages acknowledged').to.be.greaterThan(0);
  await withClient(databaseUrl, async (c) => {
    const stored = await c.query<{ id: string }>('select id from inbox_messages where id = any($1::uuid[])', [ids]);
    expect(
      ids.filter((id) => !stored.rows.some((r) => r.id === id)),
      'acknowledged but not in the database',
    ).to.deep.equal([]);
    await waitFor(
      async () => {
        const r = await c.query<{ message_id: string }>('select message_id from cluster_drill_seen where message_id = any($1::text[])', [
          ids,
        ]);
        return r.rows.length === new Set(ids).size;
      },
      { what: 'the drill consumer to apply every acknowledged message', timeoutMs: 30_000 },
    );
    await waitFor(
      async () => {
        const r = await c.query<{ behind: string }>(
          `select count(*) as behind from host_event_consumers
            where pos < (select coalesce(max(pos), 0) from host_events where pos is not null)`,
        );
        return Number(r.rows[0]!.behind) === 0;
      },
      { what: 'every durable consumer cursor at the end of the log', timeoutMs: 30_000 },
    );
    const consumers = await c.query<{ name: string }>('select name from host_event_consumers');
    expect(consumers.rows.map((r) => r.name)).to.include('cluster-drill:seen');
  });
  await waitFor(() => ids.every((id) => agent.heard(id)), {
    what: 'the agent to have heard every acknowledged message',
    timeoutMs: 30_000,
  });
}
