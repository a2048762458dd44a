import { expect } from 'chai';
import request from 'supertest';
import { startInboxHost, type InboxTestHost } from '../../support/inbox-host.js';
import { createTeam, type Team } from '../../support/team.js';
import { inbound } from '../../support/fixtures.js';

describe('POST /api/v1/conversations/:id/assign', () => {
  let t: InboxTestHost;
  let http: ReturnType<typeof request>;

  before(async () => {
    t = await startInboxHost();
    http = request(t.host.app.callback());
  });
  after(async () => {
    await t?.close();
  });

  const newConversation = async (team: Team) => (await t.api.ingestInbound(team.tenantId, inbound())).conversation.id;
  const sortedAgentIds = (team: Team) => team.agents.map((a) => a.user.id).sort();

  describe('manual ({agentId})', () => {
    it('assigns a new conversation, records history and publishes conversation.assigned', async () => {
      const team = await createTeam(t.host, 2);
      const id = await newConversation(team);
      const events: string[] = [];
      const off = t.host.services.bus.subscribe('conversation.*', (e) => {
        if ((e.payload as { conversationId: string }).conversationId === id) events.push(e.topic);
      });
      const res = await http.post(`/api/v1/conversations/${id}/assign`).set(team.admin.headers).send({ agentId: team.agents[1]!.user.id });
      off();
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ state: 'assigned', assigneeId: team.agents[1]!.user.id });
      expect(events).to.include.members(['conversation.assigned', 'conversation.transitioned']);
      const history = await t.host.services.db.knex('inbox_assignments').where({ conversation_id: id });
      expect(history).to.have.length(1);
      expect(history[0]).to.include({ agent_id: team.agents[1]!.user.id, previous_agent_id: null, strategy: 'manual' });
    });

    it('reassigns to another agent and counts the reassignment', async () => {
      const team = await createTeam(t.host, 2);
      const id = await newConversation(team);
      const counter = async () =>
        (await t.host.services.metrics.registry.getSingleMetric('bacon_inbox_reassignments_total')!.get()).values.reduce(
          (n, v) => n + v.value,
          0,
        );
      const before = await counter();
      await http.post(`/api/v1/conversations/${id}/assign`).set(team.admin.headers).send({ agentId: team.agents[0]!.user.id }).expect(200);
      const res = await http.post(`/api/v1/conversations/${id}/assign`).set(team.admin.headers).send({ agentId: team.agents[1]!.user.id });
      expect(res.status).to.equal(200);
      expect(res.body.assigneeId).to.equal(team.agents[1]!.user.id);
      expect(await counter()).to.equal(before + 1);
    });

    it('refuses an agent at capacity with 409', async () => {
      const team = await createTeam(t.host, 1);
      const agent = team.agents[0]!.user.id;
      await http.put(`/api/v1/inbox/agents/${agent}/status`).set(team.admin.headers).send({ capacity: 1 }).expect(200);
      await http
        .post(`/api/v1/conversations/${await newConversation(team)}/assign`)
        .set(team.admin.headers)
        .send({ agentId: agent })
        .expect(200);
      const res = await http
        .post(`/api/v1/conversations/${await newConversation(team)}/assign`)
        .set(team.admin.headers)
        .send({ agentId: agent });
      expect(res.status).to.equal(409);
      expect(res.body.error).to.include({ code: 'agent_at_capacity' });
      expect(res.body.error.details).to.deep.equal({ agentId: agent, capacity: 1 });
    });

    it('refuses a user of another tenant with 404 and a closed conversation with 409', async () => {
      const team = await createTeam(t.host, 1);
      const other = await createTeam(t.host, 1);
      const id = await newConversation(team);
      const res = await http.post(`/api/v1/conversations/${id}/assign`).set(team.admin.headers).send({ agentId: other.agents[0]!.user.id });
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('agent_not_found');
      await t.api.transition(team.tenantId, id, 'closed');
      const closed = await http
        .post(`/api/v1/conversations/${id}/assign`)
        .set(team.admin.headers)
        .send({ agentId: team.agents[0]!.user.id });
      expect(closed.status).to.equal(409);
      expect(closed.body.error.code).to.equal('conversation_closed');
    });

    it('answers a body that is neither {agentId} nor {strategy} with 400', async () => {
      const team = await createTeam(t.host, 1);
      const id = await newConversation(team);
      for (const body of [{}, { strategy: 'random' }, { agentId: 'nope' }, { agentId: team.agents[0]!.user.id, strategy: 'round_robin' }]) {
        const res = await http.post(`/api/v1/conversations/${id}/assign`).set(team.admin.headers).send(body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
      }
    });
  });

  describe('round robin ({strategy:"round_robin"})', () => {
    it('rotates over the agents in a stable order from a persisted cursor', async () => {
      const team = await createTeam(t.host, 3);
      const order = sortedAgentIds(team);
      const picks: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await http
          .post(`/api/v1/conversations/${await newConversation(team)}/assign`)
          .set(team.agents[0]!.headers)
          .send({ strategy: 'round_robin' });
        expect(res.status).to.equal(200);
        picks.push(res.body.assigneeId);
      }
      expect(picks).to.deep.equal([...order, ...order, order[0]]);
      const cursor = await t.host.services.db.knex('inbox_round_robin').where({ tenant_id: team.tenantId }).first();
      expect(cursor.last_agent_id).to.equal(order[0]);
    });

    it('skips unavailable agents and agents at capacity', async () => {
      const team = await createTeam(t.host, 3);
      const [a, b, c] = sortedAgentIds(team);
      const byId = new Map(team.agents.map((x) => [x.user.id, x]));
      await http.put('/api/v1/inbox/agents/me/status').set(byId.get(b!)!.headers).send({ available: false }).expect(200);
      await http.put(`/api/v1/inbox/agents/${c}/status`).set(team.admin.headers).send({ capacity: 1 }).expect(200);
      const picks: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await http
          .post(`/api/v1/conversations/${await newConversation(team)}/assign`)
          .set(team.admin.headers)
          .send({ strategy: 'round_robin' });
        picks.push(res.body.assigneeId);
      }
      expect(picks).to.deep.equal([a, c, a, a]);
    });

    it('answers 409 no_agent_available when nobody has room, and already_assigned for a held conversation', async () => {
      const team = await createTeam(t.host, 1);
      const agent = team.agents[0]!;
      await http.put('/api/v1/inbox/agents/me/status').set(agent.headers).send({ available: false }).expect(200);
      const id = await newConversation(team);
      const none = await http.post(`/api/v1/conversations/${id}/assign`).set(agent.headers).send({ strategy: 'round_robin' });
      expect(none.status).to.equal(409);
      expect(none.body.error.code).to.equal('no_agent_available');
      await http.put('/api/v1/inbox/agents/me/status').set(agent.headers).send({ available: true }).expect(200);
      await http.post(`/api/v1/conversations/${id}/assign`).set(agent.headers).send({ strategy: 'round_robin' }).expect(200);
      const again = await http.post(`/api/v1/conversations/${id}/assign`).set(agent.headers).send({ strategy: 'round_robin' });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('already_assigned');
    });

    it("lets only admins set capacity or another agent's status", async () => {
      const team = await createTeam(t.host, 2);
      const [one, two] = team.agents;
      expect((await http.put('/api/v1/inbox/agents/me/status').set(one!.headers).send({ capacity: 5 })).status).to.equal(403);
      expect((await http.put(`/api/v1/inbox/agents/${two!.user.id}/status`).set(one!.headers).send({ available: false })).status).to.equal(
        403,
      );
    });
  });

  describe('auto mode', () => {
    it('assigns a new conversation on arrival', async () => {
      const team = await createTeam(t.host, 2);
      await http.patch('/api/v1/inbox/settings').set(team.admin.headers).send({ autoAssign: true }).expect(200);
      const r = await t.api.ingestInbound(team.tenantId, inbound());
      const conv = (await t.api.getConversation(team.tenantId, r.conversation.id))!;
      expect(conv.state).to.equal('assigned');
      expect(sortedAgentIds(team)).to.include(conv.assigneeId);
    });

    it('drains the backlog to an agent who becomes available, longest waiting first, up to capacity', async () => {
      const team = await createTeam(t.host, 1);
      const agent = team.agents[0]!;
      await http.put('/api/v1/inbox/agents/me/status').set(agent.headers).send({ available: false }).expect(200);
      await http.put(`/api/v1/inbox/agents/${agent.user.id}/status`).set(team.admin.headers).send({ capacity: 2 }).expect(200);
      await http.patch('/api/v1/inbox/settings').set(team.admin.headers).send({ autoAssign: true }).expect(200);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await newConversation(team));
      for (const id of ids) expect((await t.api.getConversation(team.tenantId, id))!.state).to.equal('new');
      await http.put('/api/v1/inbox/agents/me/status').set(agent.headers).send({ available: true }).expect(200);
      const states = await Promise.all(ids.map(async (id) => (await t.api.getConversation(team.tenantId, id))!.state));
      expect(states).to.deep.equal(['assigned', 'assigned', 'new']);
      // Closing one frees room: the last one follows.
      await t.api.transition(team.tenantId, ids[0]!, 'closed');
      expect((await t.api.getConversation(team.tenantId, ids[2]!))!.state).to.equal('assigned');
    });
  });

  describe('metrics', () => {
    it('exposes assignment latency, reassignments and queue depth per state on /metrics', async () => {
      const team = await createTeam(t.host, 1);
      await http
        .post(`/api/v1/conversations/${await newConversation(team)}/assign`)
        .set(team.admin.headers)
        .send({ strategy: 'round_robin' })
        .expect(200);
      const text = (await http.get('/metrics')).text;
      expect(text).to.match(/bacon_inbox_assignment_duration_seconds_count\{plugin="inbox",strategy="round_robin"\} [1-9]/);
      expect(text).to.include('bacon_inbox_reassignments_total');
      for (const state of ['new', 'assigned', 'snoozed', 'closed'])
        expect(text).to.match(new RegExp(`bacon_inbox_queue_depth\\{plugin="inbox",state="${state}"\\} \\d+`));
    });
  });
});
