import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../../support/route-host.js';
import type { InboxTestHost } from '../../support/inbox-host.js';
import { createTeam, type Team } from '../../support/team.js';
import { inbound } from '../../support/fixtures.js';
import { STATES, TRANSITIONS, type ConversationState } from '@bacon/inbox-contract';

describe('POST /api/v1/conversations/:id/transition', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(1, (r) => ({ t, team, http } = r));

  const agentId = () => team.agents[0]!.user.id;
  const later = () => new Date(Date.now() + 3_600_000).toISOString();

  /** A conversation in `state` (assigned and snoozed ones held by the agent). */
  async function conversationIn(state: ConversationState): Promise<string> {
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound());
    const id = conversation.id;
    if (state === 'new') return id;
    if (state === 'assigned' || state === 'snoozed') await t.api.assign(team.tenantId, id, { agentId: agentId() });
    if (state === 'snoozed') await t.api.transition(team.tenantId, id, 'snoozed', { until: new Date(later()) });
    if (state === 'closed') await t.api.transition(team.tenantId, id, 'closed');
    return id;
  }

  function bodyFor(to: ConversationState): Record<string, unknown> {
    if (to === 'snoozed') return { to, until: later() };
    if (to === 'assigned') return { to, agentId: agentId() };
    return { to };
  }

  for (const from of STATES) {
    for (const to of STATES) {
      const legal = TRANSITIONS[from].includes(to);
      const article = from === 'assigned' ? 'an' : 'a';
      it(`${legal ? 'moves' : 'refuses to move'} ${article} ${from} conversation to ${to}${legal ? ' and writes an audit row' : ' with 409 listing the allowed states'}`, async () => {
        const id = await conversationIn(from);
        const audits = async () =>
          Number((await t.host.services.db.knex('inbox_audit_log').where({ conversation_id: id }).count({ n: '*' }))[0]!.n);
        const before = await audits();
        const res = await http.post(`/api/v1/conversations/${id}/transition`).set(team.agents[0]!.headers).send(bodyFor(to));
        if (legal) {
          expect(res.status, JSON.stringify(res.body)).to.equal(200);
          expect(res.body.state).to.equal(to);
          expect(await audits()).to.be.greaterThan(before);
          if (to === 'new') expect(res.body.assigneeId).to.equal(null);
          if (to === 'assigned') expect(res.body.assigneeId).to.equal(agentId());
          if (to === 'closed') expect(res.body.closedAt).to.be.a('string');
          if (to === 'snoozed') expect(res.body.snoozedUntil).to.be.a('string');
        } else {
          expect(res.status).to.equal(409);
          expect(res.body.error.code).to.equal('illegal_transition');
          expect(res.body.error.details).to.deep.equal({ from, to, allowed: [...TRANSITIONS[from]] });
          expect(await audits()).to.equal(before);
        }
      });
    }
  }

  it('refuses a snooze without a future `until`', async () => {
    const id = await conversationIn('new');
    const res = await http.post(`/api/v1/conversations/${id}/transition`).set(team.agents[0]!.headers).send({ to: 'snoozed' });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('snooze_until_required');
    const past = await http
      .post(`/api/v1/conversations/${id}/transition`)
      .set(team.agents[0]!.headers)
      .send({ to: 'snoozed', until: new Date(Date.now() - 1000).toISOString() });
    expect(past.status).to.equal(400);
  });

  it('refuses assigned without an agent to hold it', async () => {
    const id = await conversationIn('new');
    await t.api.transition(team.tenantId, id, 'snoozed', { until: new Date(later()) });
    const res = await http.post(`/api/v1/conversations/${id}/transition`).set(team.agents[0]!.headers).send({ to: 'assigned' });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('assignee_required');
  });

  it('answers bad input with 400 and the failing fields', async () => {
    const id = await conversationIn('new');
    const res = await http.post(`/api/v1/conversations/${id}/transition`).set(team.agents[0]!.headers).send({ to: 'archived' });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('validation_failed');
    expect(res.body.error.details.errors[0].field).to.match(/^body/);
    const badId = await http.post('/api/v1/conversations/not-a-uuid/transition').set(team.agents[0]!.headers).send({ to: 'closed' });
    expect(badId.status).to.equal(400);
  });

  it('answers 404 for a conversation of another tenant and 401 without a token', async () => {
    const other = await createTeam(t.host, 1);
    const id = await conversationIn('new');
    const res = await http.post(`/api/v1/conversations/${id}/transition`).set(other.agents[0]!.headers).send({ to: 'closed' });
    expect(res.status).to.equal(404);
    const anon = await http.post(`/api/v1/conversations/${id}/transition`).send({ to: 'closed' });
    expect(anon.status).to.equal(401);
  });
});
