import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

describe('/api/v1/macros', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(2, (r) => ({ t, team, http } = r));

  const conversation = async () =>
    (await t.api.ingestInbound(team.tenantId, inbound({ contact: { externalId: `v-${Math.random()}`, name: 'Ann' } }))).conversation.id;
  const createMacro = async (body: Record<string, unknown>) => http.post('/api/v1/macros').set(team.admin.headers).send(body);

  describe('CRUD', () => {
    it('lets admins create, change and delete macros, and agents read them', async () => {
      const created = await createMacro({ name: 'Greeting', body: 'Hi {{contact.name}}', actions: [{ type: 'add_tag', tag: 'greeted' }] });
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ name: 'Greeting', body: 'Hi {{contact.name}}' });
      const list = await http.get('/api/v1/macros').set(team.agents[0]!.headers);
      expect(list.body.items.map((m: { name: string }) => m.name)).to.include('Greeting');
      const changed = await http
        .patch(`/api/v1/macros/${created.body.id}`)
        .set(team.admin.headers)
        .send({ body: 'Hello {{contact.name}}' });
      expect(changed.body.body).to.equal('Hello {{contact.name}}');
      expect((await http.get(`/api/v1/macros/${created.body.id}`).set(team.agents[0]!.headers)).body.body).to.equal(
        'Hello {{contact.name}}',
      );
      expect((await http.delete(`/api/v1/macros/${created.body.id}`).set(team.admin.headers)).status).to.equal(204);
      expect((await http.get(`/api/v1/macros/${created.body.id}`).set(team.agents[0]!.headers)).status).to.equal(404);
    });

    it('refuses agents writing macros (403), duplicate names (409) and malformed actions (400)', async () => {
      expect((await http.post('/api/v1/macros').set(team.agents[0]!.headers).send({ name: 'Mine' })).status).to.equal(403);
      await createMacro({ name: 'Twice' }).then((r) => expect(r.status).to.equal(201));
      const dup = await createMacro({ name: 'Twice' });
      expect(dup.status).to.equal(409);
      expect(dup.body.error.code).to.equal('macro_name_taken');
      for (const actions of [[{ type: 'explode' }], [{ type: 'transition', to: 'archived' }], [{ type: 'add_tag' }]]) {
        const res = await createMacro({ name: `Bad ${Math.random()}`, actions });
        expect(res.status, JSON.stringify(actions)).to.equal(400);
      }
    });
  });

  describe('ids in actions', () => {
    it("refuses, at save time, an assign action naming another tenant's agent or no agent at all", async () => {
      const other = await createTeam(t.host, 1);
      const foreign = other.agents[0]!.user.id;
      const created = await createMacro({ name: `Foreign ${Math.random()}`, actions: [{ type: 'assign', agentId: foreign }] });
      expect(created.status).to.equal(404);
      expect(created.body.error.code).to.equal('agent_not_found');
      const ghost = await createMacro({
        name: `Ghost ${Math.random()}`,
        actions: [{ type: 'assign', agentId: '00000000-0000-4000-8000-000000000000' }],
      });
      expect(ghost.status).to.equal(404);
      const fine = (await createMacro({ name: `Own ${Math.random()}`, actions: [{ type: 'assign', agentId: team.agents[0]!.user.id }] }))
        .body;
      const patched = await http
        .patch(`/api/v1/macros/${fine.id}`)
        .set(team.admin.headers)
        .send({ actions: [{ type: 'assign', agentId: foreign }] });
      expect(patched.status).to.equal(404);
      expect((await http.get(`/api/v1/macros/${fine.id}`).set(team.admin.headers)).body.actions, 'the macro is unchanged').to.deep.equal([
        { type: 'assign', agentId: team.agents[0]!.user.id },
      ]);
    });
  });

  describe('POST /macros/:id/apply', () => {
    it('sends the rendered reply and applies every action', async () => {
      const macro = (
        await createMacro({
          name: 'Resolve',
          body: 'Thanks {{contact.name}}, {{agent.name}} closed this. {{contact.phone | Bye}}!',
          actions: [
            { type: 'add_tag', tag: 'resolved' },
            { type: 'set_priority', priority: 'low' },
            { type: 'transition', to: 'closed' },
          ],
        })
      ).body;
      const id = await conversation();
      const res = await http.post(`/api/v1/macros/${macro.id}/apply`).set(team.agents[0]!.headers).send({ conversationId: id });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.message).to.include({ body: 'Thanks Ann, Agent 1 closed this. Bye!', authorKind: 'agent', seq: 2 });
      expect(res.body.conversation).to.include({ state: 'closed', priority: 'low' });
      expect(res.body.conversation.tags).to.deep.equal(['resolved']);
    });

    it('assigns by round robin or to a named agent', async () => {
      const rr = (await createMacro({ name: 'Route', actions: [{ type: 'assign', strategy: 'round_robin' }] })).body;
      const named = (await createMacro({ name: 'To agent 2', actions: [{ type: 'assign', agentId: team.agents[1]!.user.id }] })).body;
      const a = await http
        .post(`/api/v1/macros/${rr.id}/apply`)
        .set(team.agents[0]!.headers)
        .send({ conversationId: await conversation() });
      expect(a.body.conversation.state).to.equal('assigned');
      expect(a.body.message).to.equal(null);
      const b = await http
        .post(`/api/v1/macros/${named.id}/apply`)
        .set(team.agents[0]!.headers)
        .send({ conversationId: await conversation() });
      expect(b.body.conversation.assigneeId).to.equal(team.agents[1]!.user.id);
    });

    it('is atomic: when one action is refused, neither the reply nor any earlier action is kept', async () => {
      const macro = (
        await createMacro({
          name: 'Broken',
          body: 'You will never see this',
          actions: [
            { type: 'add_tag', tag: 'half-done' },
            { type: 'transition', to: 'snoozed', forSeconds: 3600 },
            { type: 'transition', to: 'snoozed', forSeconds: 60 },
          ],
        })
      ).body;
      const id = await conversation();
      const res = await http.post(`/api/v1/macros/${macro.id}/apply`).set(team.agents[0]!.headers).send({ conversationId: id });
      expect(res.status).to.equal(409);
      expect(res.body.error).to.include({ code: 'illegal_transition' });
      expect(res.body.error.details.allowed).to.deep.equal(['new', 'assigned', 'closed']);
      const conv = (await t.api.getConversation(team.tenantId, id))!;
      expect(conv).to.include({ state: 'new', lastSeq: 1 });
      expect(conv.tags).to.deep.equal([]);
      expect((await t.api.listMessagesSince(team.tenantId, id, 0)).map((m) => m.body)).not.to.include('You will never see this');
      expect(await t.host.services.db.knex('inbox_audit_log').where({ conversation_id: id })).to.deep.equal([]);
    });

    it('answers 404 for an unknown macro or a conversation of another tenant', async () => {
      const macro = (await createMacro({ name: 'Tag only', actions: [{ type: 'add_tag', tag: 'x' }] })).body;
      expect(
        (
          await http
            .post('/api/v1/macros/00000000-0000-4000-8000-000000000000/apply')
            .set(team.agents[0]!.headers)
            .send({ conversationId: await conversation() })
        ).status,
      ).to.equal(404);
      const other = await createTeam(t.host, 1);
      const foreign = (await t.api.ingestInbound(other.tenantId, inbound())).conversation.id;
      expect(
        (await http.post(`/api/v1/macros/${macro.id}/apply`).set(team.agents[0]!.headers).send({ conversationId: foreign })).status,
      ).to.equal(404);
    });
  });
});
