import { expect } from 'chai';
import type request from 'supertest';
import { conversationInView, VIEWS, type Conversation } from '@bacon/inbox-contract';
import { waitFor } from '@bacon/host/testing';
import { withRouteHost } from '../../support/route-host.js';
import type { InboxTestHost } from '../../support/inbox-host.js';
import type { Team } from '../../support/team.js';
import { captureEvents, inbound } from '../../support/fixtures.js';

/** The console's views (New, Mine, Unassigned, All, Snoozed, Closed) and priorities, through the HTTP API. */
describe('/api/v1 views and priority', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;
  withRouteHost(2, (r) => ({ t, team, http } = r));

  const me = () => team.agents[0]!;
  const other = () => team.agents[1]!;
  const get = (path: string) => http.get(path).set(me().headers);
  const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);
  let ids: Record<'fresh' | 'mine' | 'mineSnoozed' | 'theirs' | 'nobodySnoozed' | 'closed', string>;

  before(async () => {
    const make = async (name: string) =>
      (await t.api.ingestInbound(team.tenantId, inbound({ contact: { externalId: `v-${name}`, name, email: `${name}@views.test` } })))
        .conversation.id;
    ids = {
      fresh: await make('fresh'),
      mine: await make('mine'),
      mineSnoozed: await make('minesnoozed'),
      theirs: await make('theirs'),
      nobodySnoozed: await make('nobodysnoozed'),
      closed: await make('closed'),
    };
    await t.api.assign(team.tenantId, ids.mine, { agentId: me().user.id });
    await t.api.assign(team.tenantId, ids.mineSnoozed, { agentId: me().user.id });
    await t.api.transition(team.tenantId, ids.mineSnoozed, 'snoozed', { until: new Date(Date.now() + 3_600_000) });
    await t.api.assign(team.tenantId, ids.theirs, { agentId: other().user.id });
    await t.api.transition(team.tenantId, ids.nobodySnoozed, 'snoozed', { until: new Date(Date.now() + 3_600_000) });
    await t.api.transition(team.tenantId, ids.closed, 'closed');
  });

  describe('GET /conversations?view=', () => {
    it('lists each view for the caller, with the same rules as conversationInView', async () => {
      const expected = {
        new: [ids.fresh],
        mine: [ids.mine, ids.mineSnoozed],
        unassigned: [ids.fresh, ids.nobodySnoozed],
        all: [ids.fresh, ids.mine, ids.mineSnoozed, ids.theirs, ids.nobodySnoozed],
        snoozed: [ids.mineSnoozed, ids.nobodySnoozed],
        closed: [ids.closed],
      };
      const all = (await get('/api/v1/conversations?limit=100')).body.items as Conversation[];
      for (const view of VIEWS) {
        expect(idsOf(await get(`/api/v1/conversations?view=${view}&limit=100`)), view).to.have.members(expected[view]);
        expect(
          all.filter((c) => conversationInView(c, view, me().user.id)).map((c) => c.id),
          `conversationInView ${view}`,
        ).to.have.members(expected[view]);
      }
      // Another agent's Mine is theirs.
      const theirs = await http.get('/api/v1/conversations?view=mine').set(other().headers);
      expect(idsOf(theirs)).to.deep.equal([ids.theirs]);
    });

    it('answers each item with its contact', async () => {
      const res = await get('/api/v1/conversations?view=new');
      expect(res.body.items[0].contact).to.include({ name: 'fresh', email: 'fresh@views.test', externalId: 'v-fresh' });
    });

    it('refuses an unknown view with 400', async () => {
      const res = await get('/api/v1/conversations?view=everything');
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
    });
  });

  describe('GET /inbox/views', () => {
    it('counts every view for the caller, and the counts follow a change', async () => {
      const counts = async (user = me()) =>
        Object.fromEntries(
          ((await http.get('/api/v1/inbox/views').set(user.headers)).body.items as { id: string; count: number }[]).map((v) => [
            v.id,
            v.count,
          ]),
        );
      expect(await counts()).to.deep.equal({ new: 1, mine: 2, unassigned: 2, all: 5, snoozed: 2, closed: 1 });
      expect((await counts(other())).mine).to.equal(1);
      await t.api.assign(team.tenantId, ids.fresh, { agentId: me().user.id });
      expect(await counts()).to.deep.equal({ new: 0, mine: 3, unassigned: 1, all: 5, snoozed: 2, closed: 1 });
      await t.api.transition(team.tenantId, ids.fresh, 'new');
    });

    it('needs a signed-in agent', async () => {
      expect((await http.get('/api/v1/inbox/views')).status).to.equal(401);
    });
  });

  describe('priority', () => {
    it('starts as none; PATCH sets it, with one conversation.updated event, and none when nothing changes', async () => {
      const c = await t.api.getConversation(team.tenantId, ids.theirs);
      expect(c!.priority).to.equal('none');
      const cap = captureEvents(t.host.services.bus);
      try {
        const res = await http.patch(`/api/v1/conversations/${ids.theirs}`).set(me().headers).send({ priority: 'urgent' });
        expect(res.status).to.equal(200);
        expect(res.body.priority).to.equal('urgent');
        // The same value again changes nothing; a later real change proves the events do arrive.
        await http.patch(`/api/v1/conversations/${ids.theirs}`).set(me().headers).send({ priority: 'urgent' }).expect(200);
        await http.patch(`/api/v1/conversations/${ids.theirs}`).set(me().headers).send({ priority: 'high' }).expect(200);
        const updates = () => cap.events.filter((e) => e.topic === 'conversation.updated');
        await waitFor(() => updates().length >= 2, { what: 'both priority changes on the bus', timeoutMs: 5000 });
        expect(updates().map((e) => [e.payload.changes, (e.payload.conversation as Conversation).priority])).to.deep.equal([
          [['priority'], 'urgent'],
          [['priority'], 'high'],
        ]);
      } finally {
        cap.stop();
      }
      expect((await http.patch(`/api/v1/conversations/${ids.theirs}`).set(me().headers).send({ priority: 'normal' })).status).to.equal(400);
    });

    it('filters by priority and sorts urgent first, paging by cursor without gaps or duplicates', async () => {
      await t.api.setPriority(team.tenantId, ids.fresh, 'low');
      await t.api.setPriority(team.tenantId, ids.mine, 'high');
      await t.api.setPriority(team.tenantId, ids.mineSnoozed, 'medium');
      await t.api.setPriority(team.tenantId, ids.theirs, 'urgent');
      expect(idsOf(await get('/api/v1/conversations?priority=high'))).to.deep.equal([ids.mine]);
      const sorted = idsOf(await get('/api/v1/conversations?view=all&sort=priority&limit=100'));
      expect(sorted).to.deep.equal([ids.theirs, ids.mine, ids.mineSnoozed, ids.fresh, ids.nobodySnoozed]);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(
          `/api/v1/conversations?view=all&sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...idsOf(res));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).to.deep.equal(sorted);
      const ascending = idsOf(await get('/api/v1/conversations?view=all&sort=priority&order=asc&limit=100'));
      expect(ascending).to.deep.equal([...sorted].reverse());
    });
  });
});
