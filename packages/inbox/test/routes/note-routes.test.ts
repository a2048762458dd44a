import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { captureEvents, inbound } from '../support/fixtures.js';

describe('/api/v1/conversations/:id/notes', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(2, (r) => ({ t, team, http } = r));

  const conversation = async () => (await t.api.ingestInbound(team.tenantId, inbound())).conversation.id;

  it('adds a note with @mentions, lists it, and publishes note.created as internal', async () => {
    const id = await conversation();
    const cap = captureEvents(t.host.services.bus);
    const res = await http
      .post(`/api/v1/conversations/${id}/notes`)
      .set(team.agents[0]!.headers)
      .send({ body: 'VIP, see @Agent 2', mentions: [team.agents[1]!.user.id] });
    cap.stop();
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ body: 'VIP, see @Agent 2', authorId: team.agents[0]!.user.id });
    expect(res.body.mentions).to.deep.equal([team.agents[1]!.user.id]);
    const list = await http.get(`/api/v1/conversations/${id}/notes`).set(team.agents[1]!.headers);
    expect(list.body.items.map((n: { id: string }) => n.id)).to.deep.equal([res.body.id]);
    const event = cap.events.find((e) => e.topic === 'note.created')!;
    expect(event.payload).to.include({ conversationId: id, visibility: 'internal' });
  });

  it('never leaks to the contact side: not in the transcript, catch-up, export or message events', async () => {
    const id = await conversation();
    const cap = captureEvents(t.host.services.bus);
    await http.post(`/api/v1/conversations/${id}/notes`).set(team.agents[0]!.headers).send({ body: 'secret internal remark' }).expect(201);
    cap.stop();
    const texts = [
      ...(await t.api.listMessagesSince(team.tenantId, id, 0)).map((m) => m.body),
      ...(await t.api.exportTranscript(team.tenantId, id)).messages.map((m) => m.body),
      ...(await http.get(`/api/v1/conversations/${id}/messages`).set(team.agents[0]!.headers)).body.items.map(
        (m: { body: string }) => m.body,
      ),
    ];
    expect(texts.join('\n')).not.to.include('secret internal remark');
    expect(cap.events.filter((e) => e.topic.startsWith('message.'))).to.deep.equal([]);
    expect((await t.api.getConversation(team.tenantId, id))!.lastSeq).to.equal(1);
  });

  it('refuses mentions of users outside the tenant', async () => {
    const other = await createTeam(t.host, 1);
    const id = await conversation();
    const res = await http
      .post(`/api/v1/conversations/${id}/notes`)
      .set(team.agents[0]!.headers)
      .send({ body: 'hi', mentions: [other.agents[0]!.user.id] });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('unknown_mention');
  });

  it('lets the author edit and delete a note, an admin too, and nobody else (403)', async () => {
    const id = await conversation();
    const note = (await http.post(`/api/v1/conversations/${id}/notes`).set(team.agents[0]!.headers).send({ body: 'draft' })).body;
    const url = `/api/v1/conversations/${id}/notes/${note.id}`;
    expect((await http.patch(url).set(team.agents[1]!.headers).send({ body: 'hijack' })).status).to.equal(403);
    const edited = await http.patch(url).set(team.agents[0]!.headers).send({ body: 'final' });
    expect(edited.status).to.equal(200);
    expect(edited.body.body).to.equal('final');
    expect((await http.patch(url).set(team.admin.headers).send({ body: 'moderated' })).status).to.equal(200);
    expect((await http.delete(url).set(team.agents[1]!.headers)).status).to.equal(403);
    expect((await http.delete(url).set(team.agents[0]!.headers)).status).to.equal(204);
    expect((await http.delete(url).set(team.agents[0]!.headers)).status).to.equal(404);
  });

  it('validates input and scopes notes to the tenant', async () => {
    const id = await conversation();
    expect((await http.post(`/api/v1/conversations/${id}/notes`).set(team.agents[0]!.headers).send({ body: '' })).status).to.equal(400);
    expect(
      (await http.post(`/api/v1/conversations/${id}/notes`).set(team.agents[0]!.headers).send({ body: 'x', extra: 1 })).status,
    ).to.equal(400);
    const other = await createTeam(t.host, 1);
    expect((await http.get(`/api/v1/conversations/${id}/notes`).set(other.agents[0]!.headers)).status).to.equal(404);
  });
});
