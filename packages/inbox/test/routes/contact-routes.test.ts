import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

describe('/api/v1/contacts', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;
  withRouteHost(1, (r) => ({ t, team, http } = r));

  const agent = () => team.agents[0]!;
  const get = (path: string) => http.get(path).set(agent().headers);
  const arrive = async (externalId: string, contact: Record<string, unknown>, thread = `t-${externalId}-${Math.random()}`) =>
    (await t.api.ingestInbound(team.tenantId, inbound({ thread, contact: { externalId, ...contact } }))).conversation;

  describe('GET /contacts', () => {
    it('lists contacts newest first with their conversation count, searches, and pages by cursor', async () => {
      const c1 = await arrive('list-1', { name: 'Olga Berg', email: 'olga@list.test' });
      await arrive('list-1', { name: 'Olga Berg' });
      await arrive('list-2', { name: 'Pedro Alves', phone: '+351 912 000 111' });
      const all = (await get('/api/v1/contacts?limit=100')).body.items as { id: string; name: string; conversationCount: number }[];
      expect(all.map((c) => c.name).slice(0, 2)).to.deep.equal(['Pedro Alves', 'Olga Berg']);
      expect(all.find((c) => c.id === c1.contactId)!.conversationCount).to.equal(2);
      expect((await get('/api/v1/contacts?q=olga@')).body.items.map((c: { id: string }) => c.id)).to.deep.equal([c1.contactId]);
      expect((await get('/api/v1/contacts?q=912')).body.items[0].name).to.equal('Pedro Alves');
      const first = await get('/api/v1/contacts?limit=1');
      const second = await get(`/api/v1/contacts?limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.items[0].name).to.equal('Olga Berg');
    });

    it('answers bad queries with 400', async () => {
      for (const q of ['limit=0', 'q=', 'cursor=%%%', 'sort=name']) expect((await get(`/api/v1/contacts?${q}`)).status, q).to.equal(400);
    });

    it("never lists another tenant's contacts", async () => {
      const other = await createTeam(t.host, 1);
      expect((await http.get('/api/v1/contacts').set(other.agents[0]!.headers)).body.items).to.deep.equal([]);
    });
  });

  describe('GET /contacts/:id and PATCH', () => {
    it('answers the contact with its conversations; edits name, email and phone; refuses bad values', async () => {
      const conv = await arrive('edit-1', { name: 'Rui' });
      const res = await get(`/api/v1/contacts/${conv.contactId}`);
      expect(res.body.contact).to.include({ name: 'Rui' });
      expect(res.body.conversations.map((c: { id: string }) => c.id)).to.deep.equal([conv.id]);
      const patched = await http
        .patch(`/api/v1/contacts/${conv.contactId}`)
        .set(agent().headers)
        .send({ name: 'Rui Costa', email: 'rui@edit.test', phone: '+351 210 000 000' });
      expect(patched.status).to.equal(200);
      expect(patched.body).to.include({ name: 'Rui Costa', email: 'rui@edit.test', phone: '+351 210 000 000' });
      expect((await http.patch(`/api/v1/contacts/${conv.contactId}`).set(agent().headers).send({ phone: null })).body.phone).to.equal(null);
      for (const body of [{ email: 'not an email' }, { phone: 'call me' }, {}, { channel: 'x' }]) {
        const bad = await http.patch(`/api/v1/contacts/${conv.contactId}`).set(agent().headers).send(body);
        expect(bad.status, JSON.stringify(body)).to.equal(400);
        expect(bad.body.error.code).to.equal('validation_failed');
      }
      expect((await get(`/api/v1/contacts/${conv.contactId}`)).body.contact.name).to.equal('Rui Costa');
    });

    it('answers 404 for an unknown contact', async () => {
      expect((await get('/api/v1/contacts/00000000-0000-4000-8000-000000000000')).status).to.equal(404);
    });
  });

  describe('POST /contacts/:id/merge', () => {
    it('moves the conversations, keeps the kept contact’s fields and fills its empty ones; new messages follow', async () => {
      const kept = await arrive('merge-kept', { name: 'Sara Lima', attributes: { plan: 'pro', city: 'Porto' } });
      const gone = await arrive('merge-gone', { name: 'S. Lima', email: 'sara@merge.test', attributes: { plan: 'free', lang: 'pt' } });
      const res = await http.post(`/api/v1/contacts/${kept.contactId}/merge`).set(agent().headers).send({ sourceId: gone.contactId });
      expect(res.status).to.equal(200);
      expect(res.body.movedConversations).to.equal(1);
      expect(res.body.contact).to.include({ name: 'Sara Lima', email: 'sara@merge.test' });
      expect(res.body.contact.attributes).to.deep.equal({ plan: 'pro', city: 'Porto', lang: 'pt' });
      const detail = await get(`/api/v1/contacts/${kept.contactId}`);
      expect(detail.body.conversations.map((c: { id: string }) => c.id)).to.have.members([kept.id, gone.id]);
      const goneAnswer = await get(`/api/v1/contacts/${gone.contactId}`);
      expect(goneAnswer.status).to.equal(404);
      expect(goneAnswer.body.error.details.mergedIntoId).to.equal(kept.contactId);
      // The merged contact's identity writes again, in a new thread: the new conversation is the kept contact's.
      const again = await arrive('merge-gone', {});
      expect(again.contactId).to.equal(kept.contactId);
      expect((await get('/api/v1/contacts?q=merge.test')).body.items.map((c: { id: string }) => c.id)).to.deep.equal([kept.contactId]);
    });

    it('refuses merging a contact into itself (400) and an unknown or merged one (404)', async () => {
      const c = await arrive('merge-self', { name: 'Tomas' });
      const self = await http.post(`/api/v1/contacts/${c.contactId}/merge`).set(agent().headers).send({ sourceId: c.contactId });
      expect(self.status).to.equal(400);
      expect(self.body.error.code).to.equal('contact_merge_same');
      const unknown = await http
        .post(`/api/v1/contacts/${c.contactId}/merge`)
        .set(agent().headers)
        .send({ sourceId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).to.equal(404);
      expect((await http.post(`/api/v1/contacts/${c.contactId}/merge`).set(agent().headers).send({})).status).to.equal(400);
    });
  });
});
