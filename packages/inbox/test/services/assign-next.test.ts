import { expect } from 'chai';
import { createTestDatabase, createTestUser, type TestDatabase } from '@bacon/host/testing';
import { startInboxHost, type InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

/**
 * Race safety of round-robin claims: many concurrent `{strategy:"round_robin"}` requests, spread over
 * the hosts given, some claiming the same conversation twice.
 */
function raceSuite(label: string, setup: () => Promise<{ hosts: InboxTestHost[]; cleanup: () => Promise<void> }>) {
  describe(label, () => {
    let hosts: InboxTestHost[];
    let cleanup: () => Promise<void>;

    before(async () => {
      ({ hosts, cleanup } = await setup());
    });
    after(async () => {
      await cleanup?.();
    });

    async function conversations(team: Team, n: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < n; i += 25) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(25, n - i) }, () => hosts[0]!.api.ingestInbound(team.tenantId, inbound())),
        );
        ids.push(...batch.map((r) => r.conversation.id));
      }
      return ids;
    }

    /** Fires every claim at once, round-robin over the hosts; each host uses a token it signed. */
    async function claimAll(
      team: Team,
      targets: string[],
    ): Promise<{ status: number; body: { assigneeId?: string; error?: { code: string } } }[]> {
      const tokens = await Promise.all(
        hosts.map(async (h, i) =>
          i === 0 ? team.admin.headers : (await createTestUser(h.host, { role: 'admin', tenantId: team.tenantId })).headers,
        ),
      );
      return Promise.all(
        targets.map(async (id, i) => {
          const h = i % hosts.length;
          const res = await fetch(`${hosts[h]!.host.url}/api/v1/conversations/${id}/assign`, {
            method: 'POST',
            headers: { ...tokens[h], 'content-type': 'application/json' },
            body: JSON.stringify({ strategy: 'round_robin' }),
          });
          return { status: res.status, body: (await res.json()) as { assigneeId?: string; error?: { code: string } } };
        }),
      );
    }

    async function holdings(team: Team): Promise<Map<string, number>> {
      const rows = await hosts[0]!.host.services.db
        .knex('inbox_conversations')
        .where({ tenant_id: team.tenantId, state: 'assigned' })
        .select('assignee_id')
        .count({ n: '*' })
        .groupBy('assignee_id');
      const out = new Map(team.agents.map((a) => [a.user.id, 0]));
      for (const r of rows as { assignee_id: string; n: string | number }[]) out.set(r.assignee_id, Number(r.n));
      return out;
    }

    it('500 concurrent claims: no conversation assigned twice, distribution even within 1, capacity never exceeded', async () => {
      const team = await createTeam(hosts[0]!.host, 7);
      await hosts[0]!.host.services.db.knex('inbox_settings').insert({ tenant_id: team.tenantId, default_capacity: 60 });
      const ids = await conversations(team, 400);
      const targets = Array.from({ length: 500 }, (_, i) => ids[i % ids.length]!);
      const results = await claimAll(team, targets);

      const ok = results.filter((r) => r.status === 200);
      expect(ok).to.have.length(400);
      expect(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.error?.code}`)).to.deep.equal(
        Array(100).fill('409 already_assigned'),
      );
      const history = await hosts[0]!.host.services.db
        .knex('inbox_assignments')
        .whereIn('conversation_id', ids)
        .select('conversation_id')
        .count({ n: '*' })
        .groupBy('conversation_id');
      expect(history).to.have.length(400);
      expect(history.every((r) => Number(r.n) === 1)).to.equal(true);
      const counts = [...(await holdings(team)).values()];
      expect(counts.reduce((a, b) => a + b, 0)).to.equal(400);
      expect(Math.max(...counts) - Math.min(...counts)).to.be.at.most(1);
      expect(Math.max(...counts)).to.be.at.most(60);
    });

    it('under saturation, every agent fills exactly to capacity and the rest wait in the new queue', async () => {
      const team = await createTeam(hosts[0]!.host, 4);
      await hosts[0]!.host.services.db.knex('inbox_settings').insert({ tenant_id: team.tenantId, default_capacity: 50 });
      const ids = await conversations(team, 300);
      const results = await claimAll(team, ids);
      expect(results.filter((r) => r.status === 200)).to.have.length(200);
      expect(results.filter((r) => r.status === 409 && r.body.error?.code === 'no_agent_available')).to.have.length(100);
      expect([...(await holdings(team)).values()]).to.deep.equal([50, 50, 50, 50]);
      const waiting = await hosts[0]!.host.services.db
        .knex('inbox_conversations')
        .where({ tenant_id: team.tenantId, state: 'new' })
        .whereNull('assignee_id')
        .count({ n: '*' });
      expect(Number(waiting[0]!.n)).to.equal(100);
    });
  });
}

describe('assignNext (round-robin claims under concurrency)', () => {
  raceSuite('on Postgres, two hosts sharing one database', async () => {
    const database: TestDatabase = await createTestDatabase('postgres');
    const hosts: InboxTestHost[] = [];
    try {
      hosts.push(await startInboxHost({ database }));
      hosts.push(await startInboxHost({ database }));
    } catch (err) {
      for (const h of hosts) await h.close();
      await database.drop();
      throw err;
    }
    return {
      hosts,
      cleanup: async () => {
        for (const h of hosts) await h.close();
        await database.drop();
      },
    };
  });

  raceSuite('on PGlite, one host', async () => {
    const host = await startInboxHost({ backend: 'pglite' });
    return { hosts: [host], cleanup: () => host.close() };
  });
});
