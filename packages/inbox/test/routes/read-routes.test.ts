import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import type { Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

describe('POST /api/v1/conversations/:id/read and unread counts', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(2, (r) => ({ t, team, http } = r));

  const unreadOf = async (agent: number, id: string) => {
    const res = await http.get('/api/v1/conversations?view=all&limit=100').set(team.agents[agent]!.headers).expect(200);
    return (res.body.items as { id: string; unreadCount: number }[]).find((c) => c.id === id)?.unreadCount;
  };
  const viewUnread = async (agent: number, view: string) => {
    const res = await http.get('/api/v1/inbox/views').set(team.agents[agent]!.headers).expect(200);
    return (res.body.items as { id: string; unread: number }[]).find((v) => v.id === view)!.unread;
  };

  it('counts messages after each agent’s own marker, per conversation and per view', async () => {
    const first = await t.api.ingestInbound(team.tenantId, inbound({ thread: 'read-1' }));
    const id = first.conversation.id;
    await t.api.ingestInbound(team.tenantId, inbound({ thread: 'read-1' }));
    const unreadBefore = await viewUnread(0, 'all');
    expect(await unreadOf(0, id)).to.equal(2);

    const marked = await http.post(`/api/v1/conversations/${id}/read`).set(team.agents[0]!.headers).send({}).expect(200);
    expect(marked.body).to.deep.equal({ conversationId: id, lastReadSeq: 2, unreadCount: 0 });
    expect(await unreadOf(0, id)).to.equal(0);
    expect(await viewUnread(0, 'all')).to.equal(unreadBefore - 1);
    // The other agent's marker is their own.
    expect(await unreadOf(1, id)).to.equal(2);

    await t.api.ingestInbound(team.tenantId, inbound({ thread: 'read-1' }));
    expect(await unreadOf(0, id)).to.equal(1);
    expect(await viewUnread(0, 'all')).to.equal(unreadBefore);
  });

  it('never moves a marker back, and caps it at the last message', async () => {
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound());
    const id = conversation.id;
    const ahead = await http.post(`/api/v1/conversations/${id}/read`).set(team.agents[0]!.headers).send({ seq: 99 }).expect(200);
    expect(ahead.body.lastReadSeq).to.equal(1);
    await t.api.ingestInbound(team.tenantId, inbound({ thread: conversation.externalId! }));
    const back = await http.post(`/api/v1/conversations/${id}/read`).set(team.agents[0]!.headers).send({ seq: 0 }).expect(200);
    expect(back.body).to.include({ lastReadSeq: 1, unreadCount: 1 });
  });

  it('answers 400 for a negative seq and 404 for an unknown conversation', async () => {
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound());
    const other = await http.post(`/api/v1/conversations/${conversation.id}/read`).set(team.admin.headers).send({ seq: -1 });
    expect(other.status).to.equal(400);
    const missing = await http
      .post('/api/v1/conversations/00000000-0000-4000-8000-000000000000/read')
      .set(team.agents[0]!.headers)
      .send({});
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('not_found');
  });
});
