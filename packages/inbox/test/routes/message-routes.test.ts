import { expect } from 'chai';
import type request from 'supertest';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import type { Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

describe('/api/v1/conversations/:id/messages', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;

  withRouteHost(1, (r) => ({ t, team, http } = r));

  async function threadWith(n: number): Promise<{ id: string; thread: string }> {
    const thread = `thread-${Math.random().toString(36).slice(2)}`;
    let id = '';
    for (let i = 0; i < n; i++) id = (await t.api.ingestInbound(team.tenantId, inbound({ thread, text: `m${i + 1}` }))).conversation.id;
    return { id, thread };
  }

  describe('POST (agent reply)', () => {
    it('stores the reply with the next sequence number and stops the first-response clock', async () => {
      const { id } = await threadWith(2);
      const res = await http.post(`/api/v1/conversations/${id}/messages`).set(team.agents[0]!.headers).send({ text: 'On it!' });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ seq: 3, authorKind: 'agent', authorId: team.agents[0]!.user.id, body: 'On it!' });
      const conv = (await t.api.getConversation(team.tenantId, id))!;
      expect(conv.firstResponseAt).to.equal(res.body.createdAt);
      expect(conv.waitingSince).to.equal(null);
      expect(conv.lastSeq).to.equal(3);
    });

    it('does not count a bot message as the first response', async () => {
      const { id } = await threadWith(1);
      await t.api.sendAgentMessage(team.tenantId, id, { authorId: null, authorKind: 'bot', text: 'A human will answer soon.' });
      const conv = (await t.api.getConversation(team.tenantId, id))!;
      expect(conv.firstResponseAt).to.equal(null);
      expect(conv.waitingSince).not.to.equal(null);
    });

    it('refuses a reply on a closed conversation with 409 and an empty text with 400', async () => {
      const { id } = await threadWith(1);
      expect((await http.post(`/api/v1/conversations/${id}/messages`).set(team.agents[0]!.headers).send({ text: '' })).status).to.equal(
        400,
      );
      await t.api.transition(team.tenantId, id, 'closed');
      const res = await http.post(`/api/v1/conversations/${id}/messages`).set(team.agents[0]!.headers).send({ text: 'hello?' });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('conversation_closed');
    });
    it('sends rich components, and refuses an unknown type or an invalid payload with 400 naming the field, storing nothing', async () => {
      const { id } = await threadWith(1);
      const headers = team.agents[0]!.headers;
      const card = { type: 'quick_replies', text: 'Pick one', options: [{ label: 'Yes', value: 'yes' }] };
      const ok = await http
        .post(`/api/v1/conversations/${id}/messages`)
        .set(headers)
        .send({ text: 'Pick one', components: [card] });
      expect(ok.status, ok.text).to.equal(201);
      expect(ok.body.payload.components).to.deep.equal([card]);
      const unknown = await http
        .post(`/api/v1/conversations/${id}/messages`)
        .set(headers)
        .send({ text: 'x', components: [{ type: 'carousel' }] });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error.code).to.equal('message_components_invalid');
      expect(unknown.body.error.details.errors[0]).to.include({ field: 'body/components/0/type' });
      const invalid = await http
        .post(`/api/v1/conversations/${id}/messages`)
        .set(headers)
        .send({ text: 'x', components: [{ type: 'survey', question: 'Rate us' }] });
      expect(invalid.status).to.equal(400);
      expect(invalid.body.error).to.include({ code: 'message_components_invalid', message: 'Scale is required.' });
      expect((await t.api.getConversation(team.tenantId, id))!.lastSeq).to.equal(2);
    });

    it('refuses a reply of only whitespace with 400 and a sentence that says so, storing nothing', async () => {
      const { id } = await threadWith(1);
      for (const text of [' ', '\n\t  \n', '\u00a0 ']) {
        const res = await http.post(`/api/v1/conversations/${id}/messages`).set(team.agents[0]!.headers).send({ text });
        expect(res.status, JSON.stringify(text)).to.equal(400);
        expect(res.body.error).to.include({ code: 'validation_failed', message: 'Text cannot be blank.' });
        expect(res.body.error.details.errors[0]).to.include({ field: 'body/text' });
      }
      expect((await t.api.getConversation(team.tenantId, id))!.lastSeq).to.equal(1);
      const ok = await http.post(`/api/v1/conversations/${id}/messages`).set(team.agents[0]!.headers).send({ text: '  ok  ' });
      expect(ok.status).to.equal(201);
    });
  });

  describe('GET (transcript)', () => {
    it('pages newest first by default and oldest first on request', async () => {
      const { id } = await threadWith(5);
      const desc = await http.get(`/api/v1/conversations/${id}/messages?limit=2`).set(team.agents[0]!.headers);
      expect(desc.status).to.equal(200);
      expect(desc.body.items.map((m: { seq: number }) => m.seq)).to.deep.equal([5, 4]);
      const next = await http
        .get(`/api/v1/conversations/${id}/messages?limit=2&cursor=${encodeURIComponent(desc.body.nextCursor)}`)
        .set(team.agents[0]!.headers);
      expect(next.body.items.map((m: { seq: number }) => m.seq)).to.deep.equal([3, 2]);
      const asc = await http.get(`/api/v1/conversations/${id}/messages?order=asc&limit=3`).set(team.agents[0]!.headers);
      expect(asc.body.items.map((m: { seq: number }) => m.seq)).to.deep.equal([1, 2, 3]);
      const rest = await http
        .get(`/api/v1/conversations/${id}/messages?order=asc&limit=3&cursor=${encodeURIComponent(asc.body.nextCursor)}`)
        .set(team.agents[0]!.headers);
      expect(rest.body.items.map((m: { seq: number }) => m.seq)).to.deep.equal([4, 5]);
      expect(rest.body.nextCursor).to.equal(null);
    });

    for (const order of ['desc', 'asc'] as const) {
      it(`has no duplicates or gaps while new messages arrive during paging (${order})`, async () => {
        const { id, thread } = await threadWith(30);
        const seen: number[] = [];
        let cursor: string | null = null;
        let arriving = 0;
        do {
          const q: string = `order=${order}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const res = await http.get(`/api/v1/conversations/${id}/messages?${q}`).set(team.agents[0]!.headers);
          expect(res.status).to.equal(200);
          seen.push(...res.body.items.map((m: { seq: number }) => m.seq));
          cursor = res.body.nextCursor;
          // New messages land between page fetches.
          if (arriving++ < 4)
            await Promise.all([
              t.api.ingestInbound(team.tenantId, inbound({ thread })),
              t.api.sendAgentMessage(team.tenantId, id, { authorId: team.agents[0]!.user.id, text: 'reply' }),
            ]);
        } while (cursor);
        expect(new Set(seen).size).to.equal(seen.length);
        if (order === 'desc') {
          expect(seen).to.deep.equal(Array.from({ length: 30 }, (_, i) => 30 - i));
        } else {
          expect(seen).to.deep.equal(Array.from({ length: 38 }, (_, i) => i + 1));
        }
      });
    }

    it('answers a bad cursor or limit with 400 and an unknown conversation with 404', async () => {
      const { id } = await threadWith(1);
      const bad = await http.get(`/api/v1/conversations/${id}/messages?cursor=garbage`).set(team.agents[0]!.headers);
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('invalid_cursor');
      expect((await http.get(`/api/v1/conversations/${id}/messages?limit=0`).set(team.agents[0]!.headers)).status).to.equal(400);
      expect((await http.get(`/api/v1/conversations/${id}/messages?order=sideways`).set(team.agents[0]!.headers)).status).to.equal(400);
      expect(
        (await http.get('/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages').set(team.agents[0]!.headers)).status,
      ).to.equal(404);
    });
  });

  describe('listMessagesSince (realtime catch-up)', () => {
    it('answers the messages after a sequence number, oldest first', async () => {
      const { id } = await threadWith(4);
      expect((await t.api.listMessagesSince(team.tenantId, id, 2)).map((m) => m.seq)).to.deep.equal([3, 4]);
      expect(await t.api.listMessagesSince(team.tenantId, id, 4)).to.deep.equal([]);
    });
  });
});
