import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../../support/route-host.js';
import type { InboxTestHost } from '../../support/inbox-host.js';
import { createTeam, type Team } from '../../support/team.js';
import { inbound } from '../../support/fixtures.js';

describe('/api/v1/conversations', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(2, (r) => ({ t, team, http } = r));

  const agent = () => team.agents[0]!;
  const get = (path: string) => http.get(path).set(agent().headers);

  describe('GET /conversations', () => {
    let ids: Record<string, string>;

    before(async () => {
      const make = async (text: string, channel = 'web', name = 'Ann') =>
        (
          await t.api.ingestInbound(
            team.tenantId,
            inbound({ text, channel, contact: { externalId: `v-${Math.random()}`, name, email: `${name.toLowerCase()}@example.test` } }),
          )
        ).conversation.id;
      ids = {
        refund: await make('I want a refund for order 1234'),
        shipping: await make('Where is my parcel?', 'whatsapp', 'Zed'),
        mine: await make('Hello there'),
        closed: await make('All good, thanks'),
      };
      await t.api.assign(team.tenantId, ids.mine!, { agentId: agent().user.id });
      await t.api.transition(team.tenantId, ids.closed!, 'closed');
      await http
        .post(`/api/v1/conversations/${ids.refund}/tags`)
        .set(agent().headers)
        .send({ add: ['billing', 'vip'] })
        .expect(200);
    });

    const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);

    it('filters by state, assignee (me, none, an id), tag, channel and search text', async () => {
      expect(idsOf(await get('/api/v1/conversations?state=closed'))).to.deep.equal([ids.closed]);
      expect(idsOf(await get('/api/v1/conversations?assignee=me'))).to.deep.equal([ids.mine]);
      expect(idsOf(await get(`/api/v1/conversations?assignee=${agent().user.id}`))).to.deep.equal([ids.mine]);
      expect(idsOf(await get('/api/v1/conversations?assignee=none&state=new'))).to.have.members([ids.refund, ids.shipping]);
      expect(idsOf(await get('/api/v1/conversations?tag=vip'))).to.deep.equal([ids.refund]);
      expect(idsOf(await get('/api/v1/conversations?channel=whatsapp'))).to.deep.equal([ids.shipping]);
      expect(idsOf(await get('/api/v1/conversations?q=refund'))).to.deep.equal([ids.refund]);
      expect(idsOf(await get('/api/v1/conversations?q=zed@example'))).to.deep.equal([ids.shipping]);
      expect(idsOf(await get('/api/v1/conversations?q=100%25'))).to.deep.equal([]);
    });

    it('pages with a cursor in a stable order, without duplicates or gaps', async () => {
      for (let i = 0; i < 9; i++) await t.api.ingestInbound(team.tenantId, inbound({ channel: 'paging' }));
      for (const sort of ['created', 'updated']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(
            `/api/v1/conversations?channel=paging&sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
          );
          seen.push(...idsOf(res));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen, sort).to.have.length(9);
        expect(new Set(seen).size).to.equal(9);
        const all = idsOf(await get(`/api/v1/conversations?channel=paging&sort=${sort}&limit=100`));
        expect(seen).to.deep.equal(all);
      }
    });

    it("never shows another tenant's conversations", async () => {
      const other = await createTeam(t.host, 1);
      const res = await http.get('/api/v1/conversations?limit=100').set(other.agents[0]!.headers);
      expect(res.body.items).to.deep.equal([]);
    });

    it('answers bad filters with 400', async () => {
      for (const q of ['state=open', 'limit=1000', 'assignee=bob', 'sort=name', 'cursor=%%%', 'unknown=1']) {
        const res = await get(`/api/v1/conversations?${q}`);
        expect(res.status, q).to.equal(400);
        expect(res.body.error.code).to.be.oneOf(['validation_failed', 'invalid_cursor']);
      }
    });
  });

  describe('GET /conversations/:id', () => {
    it('answers the conversation with its contact', async () => {
      const r = await t.api.ingestInbound(team.tenantId, inbound({ contact: { externalId: 'v-get', name: 'Gus' } }));
      const res = await get(`/api/v1/conversations/${r.conversation.id}`);
      expect(res.status).to.equal(200);
      expect(res.body.conversation.id).to.equal(r.conversation.id);
      expect(res.body.contact).to.include({ name: 'Gus', externalId: 'v-get' });
    });

    it("answers 404 for another tenant's conversation", async () => {
      const other = await createTeam(t.host, 1);
      const r = await t.api.ingestInbound(other.tenantId, inbound());
      const res = await get(`/api/v1/conversations/${r.conversation.id}`);
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    });
  });

  describe('PATCH /conversations/:id', () => {
    it('changes priority and subject, and refuses bad values with 400', async () => {
      const r = await t.api.ingestInbound(team.tenantId, inbound());
      const res = await http
        .patch(`/api/v1/conversations/${r.conversation.id}`)
        .set(agent().headers)
        .send({ priority: 'urgent', subject: 'Refund' });
      expect(res.body).to.include({ priority: 'urgent', subject: 'Refund' });
      expect(
        (await http.patch(`/api/v1/conversations/${r.conversation.id}`).set(agent().headers).send({ priority: 'whenever' })).status,
      ).to.equal(400);
      expect((await http.patch(`/api/v1/conversations/${r.conversation.id}`).set(agent().headers).send({})).status).to.equal(400);
    });
  });

  describe('tags', () => {
    it('adds, removes and replaces tags, kept sorted and unique, and remembers them for the tenant', async () => {
      const id = (await t.api.ingestInbound(team.tenantId, inbound())).conversation.id;
      const add = await http
        .post(`/api/v1/conversations/${id}/tags`)
        .set(agent().headers)
        .send({ add: ['b', 'a', 'b'] });
      expect(add.body.tags).to.deep.equal(['a', 'b']);
      const remove = await http
        .post(`/api/v1/conversations/${id}/tags`)
        .set(agent().headers)
        .send({ remove: ['a'] });
      expect(remove.body.tags).to.deep.equal(['b']);
      const put = await http
        .put(`/api/v1/conversations/${id}/tags`)
        .set(agent().headers)
        .send({ tags: ['z', 'y'] });
      expect(put.body.tags).to.deep.equal(['y', 'z']);
      expect((await get('/api/v1/tags')).body.items).to.include.members(['a', 'b', 'y', 'z']);
      expect(
        (
          await http
            .put(`/api/v1/conversations/${id}/tags`)
            .set(agent().headers)
            .send({ tags: [''] })
        ).status,
      ).to.equal(400);
    });
  });

  describe('OpenAPI', () => {
    it('publishes every inbox route with its schemas in /api/v1/openapi.json', async () => {
      const res = await http.get('/api/v1/openapi.json');
      const paths = Object.keys(res.body.paths);
      for (const p of [
        '/api/v1/conversations',
        '/api/v1/conversations/{id}/transition',
        '/api/v1/conversations/{id}/assign',
        '/api/v1/conversations/{id}/messages',
        '/api/v1/conversations/{id}/notes/{noteId}',
        '/api/v1/macros/{id}/apply',
        '/api/v1/inbox/settings',
      ]) {
        expect(paths).to.include(p);
      }
    });
  });
});
