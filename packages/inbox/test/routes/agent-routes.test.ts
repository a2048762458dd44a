import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

describe('agent and settings routes', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(2, (r) => ({ t, team, http } = r));

  describe('GET /inbox/agents', () => {
    it("lists the tenant's users with availability, capacity and load", async () => {
      const [one, two] = team.agents;
      const { conversation } = await t.api.ingestInbound(team.tenantId, inbound());
      await t.api.assign(team.tenantId, conversation.id, { agentId: one!.user.id });
      await http.put('/api/v1/inbox/agents/me/status').set(two!.headers).send({ available: false }).expect(200);
      const res = await http.get('/api/v1/inbox/agents').set(one!.headers);
      expect(res.status).to.equal(200);
      const byId = new Map(res.body.items.map((a: { agentId: string }) => [a.agentId, a]));
      expect(byId.get(one!.user.id)).to.include({ available: true, capacity: null, load: 1, role: 'agent' });
      expect(byId.get(two!.user.id)).to.include({ available: false, load: 0 });
      expect(byId.get(team.admin.user.id)).to.include({ role: 'admin' });
    });
  });

  describe('/inbox/settings', () => {
    it('answers the defaults, and lets an admin change them', async () => {
      const fresh = await createTeam(t.host, 0);
      const before = await http.get('/api/v1/inbox/settings').set(fresh.admin.headers);
      expect(before.body).to.include({ autoAssign: false, defaultCapacity: null, retentionDays: null, retentionMode: 'anonymize' });
      const res = await http
        .patch('/api/v1/inbox/settings')
        .set(fresh.admin.headers)
        .send({ defaultCapacity: 4, retentionDays: 90, retentionMode: 'delete' });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ autoAssign: false, defaultCapacity: 4, retentionDays: 90, retentionMode: 'delete' });
      expect((await http.get('/api/v1/inbox/settings').set(fresh.admin.headers)).body.defaultCapacity).to.equal(4);
      const audit = await http.get('/api/v1/audit-log?action=inbox.settings.updated').set(fresh.admin.headers);
      expect(audit.body.entries).to.have.length(1);
      expect(audit.body.entries[0]).to.deep.include({ actorId: fresh.admin.user.id });
      expect(audit.body.entries[0].before).to.include({ defaultCapacity: null });
      expect(audit.body.entries[0].after).to.include({ defaultCapacity: 4, retentionMode: 'delete' });
    });

    it('refuses agents (403) and bad values (400)', async () => {
      expect((await http.patch('/api/v1/inbox/settings').set(team.agents[0]!.headers).send({ autoAssign: true })).status).to.equal(403);
      for (const body of [{}, { retentionDays: 0 }, { retentionMode: 'shred' }, { defaultCapacity: 'many' }, { other: true }]) {
        const res = await http.patch('/api/v1/inbox/settings').set(team.admin.headers).send(body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
      }
    });
  });

  describe('PUT /inbox/agents/:agentId/status', () => {
    it('answers 404 for a user of another tenant and 400 for a bad capacity', async () => {
      const other = await createTeam(t.host, 1);
      expect(
        (await http.put(`/api/v1/inbox/agents/${other.agents[0]!.user.id}/status`).set(team.admin.headers).send({ available: true }))
          .status,
      ).to.equal(404);
      expect(
        (await http.put(`/api/v1/inbox/agents/${team.agents[0]!.user.id}/status`).set(team.admin.headers).send({ capacity: 0 })).status,
      ).to.equal(400);
      expect((await http.put('/api/v1/inbox/agents/someone/status').set(team.admin.headers).send({ available: true })).status).to.equal(
        400,
      );
    });
  });
});
