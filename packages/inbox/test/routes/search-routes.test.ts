import { expect } from 'chai';
import type { Knex } from 'knex';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';
import { searchRows, type MessageSearchTuning } from '../../src/repositories/search.js';
import { anonymizeMessages } from '../../src/repositories/messages.js';

describe('GET /api/v1/search', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(1, (r) => ({ t, team, http } = r));

  const find = (q: string, extra = '') => http.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`).set(team.agents[0]!.headers);

  it('finds messages, notes and contacts by every word as a prefix, linking a message to its conversation and seq', async () => {
    const { conversation } = await t.api.ingestInbound(
      team.tenantId,
      inbound({
        text: 'My parcel zebrafish-42 never arrived',
        contact: { externalId: 'v-s1', name: 'Quintus Zebrafield', email: 'qz@x.test' },
      }),
    );
    await t.api.ingestInbound(team.tenantId, inbound({ thread: conversation.externalId!, text: 'Still waiting on the zebrafish' }));
    await http
      .post(`/api/v1/conversations/${conversation.id}/notes`)
      .set(team.agents[0]!.headers)
      .send({ body: 'Zebrafish order is stuck in customs' })
      .expect(201);

    const res = await find('zebraf').expect(200);
    const kinds = (res.body.items as { kind: string }[]).map((h) => h.kind);
    expect(kinds).to.have.members(['message', 'message', 'note', 'contact']);
    const first = res.body.items.find((h: { seq: number | null }) => h.seq === 1);
    expect(first).to.include({ kind: 'message', conversationId: conversation.id, contactName: 'Quintus Zebrafield' });
    expect(first.excerpt).to.include('zebrafish-42');

    const both = await find('zebrafish customs').expect(200);
    expect(both.body.items.map((h: { kind: string }) => h.kind)).to.deep.equal(['note']);
    const byEmail = await find('qz@x.test', '&kind=contact').expect(200);
    expect(byEmail.body.items).to.have.length(1);
  });

  it('pages newest first with a cursor and never shows another tenant’s data', async () => {
    for (let i = 0; i < 5; i++) await t.api.ingestInbound(team.tenantId, inbound({ text: `pagination-marker number ${i}` }));
    const other = await createTeam(t.host, 1);
    await t.api.ingestInbound(other.tenantId, inbound({ text: 'pagination-marker elsewhere' }));
    const seen: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 10; guard++) {
      const res = await find('pagination-marker', `&kind=message&limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...res.body.items.map((h: { excerpt: string }) => h.excerpt));
      if (!res.body.nextCursor) break;
      cursor = res.body.nextCursor;
    }
    expect(seen).to.deep.equal([4, 3, 2, 1, 0].map((i) => `pagination-marker number ${i}`));
  });

  it('no longer finds a message once its text is blanked (its stored words follow the body)', async () => {
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound({ text: 'my locker code is quokka-7781' }));
    expect((await find('quokka', '&kind=message').expect(200)).body.items).to.have.length(1);
    await anonymizeMessages(t.host.services.db.knex, team.tenantId, [conversation.id]);
    expect((await find('quokka', '&kind=message').expect(200)).body.items).to.deep.equal([]);
  });

  it('reads hostile text as words, and refuses an empty query or a bad cursor with 400', async () => {
    for (const q of [`'`, `\\`, `a & | ! ( ) :*`, `'); DROP TABLE inbox_messages; --`, '!!!']) {
      const res = await find(q);
      expect(res.status, q).to.equal(200);
      expect(res.body.items).to.be.an('array');
    }
    expect((await find('   ')).status).to.equal(400);
    const bad = await find('x', '&cursor=not-a-cursor');
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('invalid_cursor');
  });
});

describe('searchRows', () => {
  let t: InboxTestHost;
  let team: Team;

  withRouteHost(1, (r) => ({ t, team } = r));

  const pages = async (db: Knex, tenantId: string, q: string, tuning: MessageSearchTuning) => {
    const seen: string[] = [];
    let after: { at: string; id: string } | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await searchRows(db, tenantId, q, ['message'], { limit: 3, after }, tuning);
      seen.push(...page.hits.map((h) => h.text));
      if (!page.more) break;
      const last = page.hits.at(-1)!;
      after = { at: last.createdAt, id: last.id };
    }
    return seen;
  };

  it('answers the same pages whichever pass finds them: the newest messages, GIN, or the walk past the cap', async () => {
    for (let i = 0; i < 7; i++) await t.api.ingestInbound(team.tenantId, inbound({ text: `walkable-word number ${i}` }));
    const db = t.host.services.db.knex;
    const expected = [6, 5, 4, 3, 2, 1, 0].map((i) => `walkable-word number ${i}`);
    // Every message fits in the first pass's sample.
    expect(await pages(db, team.tenantId, 'walkable', { walk: 1000, cap: 1000, common: 10 })).to.deep.equal(expected);
    // A sample of one message never holds a page: GIN answers below its cap, the walk at a cap of 2.
    expect(await pages(db, team.tenantId, 'walkable', { walk: 1, cap: 1000, common: 10 })).to.deep.equal(expected);
    expect(await pages(db, team.tenantId, 'walkable', { walk: 1, cap: 2, common: 10 })).to.deep.equal(expected);
  });

  it('asks GIN for the words that are rare among the newest messages and still matches every word', async () => {
    for (let i = 0; i < 5; i++) await t.api.ingestInbound(team.tenantId, inbound({ text: `kestrel sighting ${i}` }));
    for (let i = 0; i < 4; i++) await t.api.ingestInbound(team.tenantId, inbound({ text: `plain sighting filler ${i}` }));
    const db = t.host.services.db.knex;
    // The two newest messages hold "sighting" (common) and not "kestrel": GIN looks up "kestrel" only.
    const tuning = { walk: 2, cap: 1000, common: 1 };
    expect(await pages(db, team.tenantId, 'sighting kestrel', tuning)).to.deep.equal([4, 3, 2, 1, 0].map((i) => `kestrel sighting ${i}`));
    expect(await pages(db, team.tenantId, 'kestrel filler', tuning)).to.deep.equal([]);
    // Every word common: GIN looks up all of them.
    expect(await pages(db, team.tenantId, 'plain sight', tuning)).to.deep.equal([3, 2, 1, 0].map((i) => `plain sighting filler ${i}`));
    // The same in a tenant with no such messages.
    const other = await createTeam(t.host, 1);
    expect(await pages(db, other.tenantId, 'sighting kestrel', tuning)).to.deep.equal([]);
  });
});
