import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import {
  startWidgetHost,
  openVisitor,
  startConversation,
  clientId,
  SITE_ORIGIN,
  type WidgetTestHost,
  type Visitor,
} from './support/widget-host.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('the widget API (/widget/v1)', () => {
  let t: WidgetTestHost;
  let v: Visitor;
  const call = (method: string, path: string, body?: unknown, visitor: Visitor | null = v) =>
    fetch(`${t.url}/widget/v1${path}`, {
      method,
      headers: visitor ? visitor.headers : { origin: SITE_ORIGIN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  before(async () => {
    t = await startWidgetHost();
    v = await openVisitor(t);
  });
  after(async () => {
    await t?.close();
  });

  describe('POST /conversations', () => {
    it('starts a conversation on the web channel, acknowledged with the committed message', async () => {
      const res = await call('POST', '/conversations', {
        text: 'Hello',
        clientMessageId: clientId(),
        page: { url: 'https://shop.test.local/cart', title: 'Cart', referrer: 'https://search.test/' },
        attributes: { plan: 'pro', cartValue: 42 },
      });
      expect(res.status).to.equal(201);
      const body = (await res.json()) as {
        conversation: { id: string; state: string };
        message: { seq: number; author: string; text: string };
      };
      expect(body.conversation.state).to.equal('new');
      expect(body.message).to.include({ seq: 1, author: 'visitor', text: 'Hello' });
      const [stored] = await t.inbox.listMessagesSince(t.agent.user.tenantId, body.conversation.id, 0);
      expect(stored!.channel).to.equal('web');
      expect(stored!.payload).to.deep.include({
        metadata: {
          page: { url: 'https://shop.test.local/cart', title: 'Cart', referrer: 'https://search.test/' },
          siteKey: t.siteKey,
        },
      });
    });

    it('stores a retried start (same client message id) once', async () => {
      const body = { text: 'Only once', clientMessageId: clientId() };
      const [a, b] = await Promise.all([call('POST', '/conversations', body), call('POST', '/conversations', body)]);
      const ids = [
        ((await a.json()) as { conversation: { id: string } }).conversation.id,
        ((await b.json()) as { conversation: { id: string } }).conversation.id,
      ];
      expect(ids[0]).to.equal(ids[1]);
      expect(await t.inbox.listMessagesSince(t.agent.user.tenantId, ids[0]!, 0)).to.have.length(1);
    });

    it('answers 401 without a visitor token and 400 with the failing fields for a bad body', async () => {
      const anonymous = await call('POST', '/conversations', { text: 'hi', clientMessageId: clientId() }, null);
      expect(anonymous.status).to.equal(401);
      expect(((await anonymous.json()) as { error: { code: string } }).error.code).to.equal('unauthorized');
      const bad = await call('POST', '/conversations', { text: '', clientMessageId: 'x', extra: true });
      expect(bad.status).to.equal(400);
      const err = ((await bad.json()) as { error: { code: string; message: string; details: { errors: unknown[] } } }).error;
      expect(err.code).to.equal('validation_failed');
      expect(err.details.errors).to.have.length.greaterThan(0);
    });
  });

  describe('GET and POST /conversations/:id/messages', () => {
    it("answers 404 for another visitor's conversation, whatever the method", async () => {
      const other = await openVisitor(t);
      const theirs = await startConversation(t.url, other, 'mine only');
      expect((await call('GET', `/conversations/${theirs.conversationId}/messages`)).status).to.equal(404);
      const post = await call('POST', `/conversations/${theirs.conversationId}/messages`, { text: 'hijack', clientMessageId: clientId() });
      expect(post.status).to.equal(404);
      expect(((await post.json()) as { error: { code: string } }).error.code).to.equal('not_found');
    });

    it('pages the transcript after a sequence number, oldest first', async () => {
      const { conversationId } = await startConversation(t.url, v, 'one');
      await t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, {
        authorId: t.agent.user.id,
        text: 'two',
        components: [{ type: 'quick_replies', text: 'two', options: [{ label: 'A', value: 'a' }] }],
      });
      const res = await call('GET', `/conversations/${conversationId}/messages?afterSeq=1&limit=5`);
      const body = (await res.json()) as { messages: { seq: number; author: string; components?: unknown[] }[]; more: boolean };
      expect(body.messages.map((m) => [m.seq, m.author])).to.deep.equal([[2, 'agent']]);
      expect(body.messages[0]!.components).to.deep.equal([{ type: 'quick_replies', text: 'two', options: [{ label: 'A', value: 'a' }] }]);
      expect(body.more).to.equal(false);
    });
  });

  describe('attachments', () => {
    it('uploads to local disk, references the file from a message, and serves it to its visitor and to agents only', async () => {
      const up = await call('POST', '/attachments', { name: 'pixel.png', contentType: 'image/png', data: PNG.toString('base64') });
      expect(up.status).to.equal(201);
      const a = (await up.json()) as { id: string; size: number };
      expect(a.size).to.equal(PNG.length);
      const { conversationId } = await startConversation(t.url, v, 'see attached');
      const sent = await call('POST', `/conversations/${conversationId}/messages`, {
        text: 'the screenshot',
        clientMessageId: clientId(),
        attachmentIds: [a.id],
      });
      expect(sent.status).to.equal(201);
      const msg = ((await sent.json()) as { message: { attachments: unknown[] } }).message;
      expect(msg.attachments).to.deep.equal([
        { name: 'pixel.png', contentType: 'image/png', size: PNG.length, url: `/widget/v1/attachments/${a.id}` },
      ]);
      const mine = await call('GET', `/attachments/${a.id}`);
      expect(mine.status).to.equal(200);
      expect(Buffer.from(await mine.arrayBuffer()).equals(PNG)).to.equal(true);
      const other = await openVisitor(t);
      expect((await call('GET', `/attachments/${a.id}`, undefined, other)).status).to.equal(404);
      const agent = await fetch(`${t.url}/api/v1/channels/attachments/${a.id}`, { headers: t.agent.headers });
      expect(agent.status).to.equal(200);
    });

    it('refuses other content types and attachments of another visitor', async () => {
      const exe = await call('POST', '/attachments', { name: 'x.exe', contentType: 'application/x-msdownload', data: 'TVo=' });
      expect(exe.status).to.equal(400);
      const other = await openVisitor(t);
      const theirs = (await (
        await call('POST', '/attachments', { name: 'a.txt', contentType: 'text/plain', data: 'aGk=' }, other)
      ).json()) as { id: string };
      const res = await call('POST', '/conversations', { text: 'steal', clientMessageId: clientId(), attachmentIds: [theirs.id] });
      expect(res.status).to.equal(400);
    });
  });

  describe('identified visitors', () => {
    it('find their conversations again in a new session with the same signed identity', async () => {
      const userId = `customer-${clientId()}`;
      const identity = { userId, hash: createHmac('sha256', t.identitySecret!).update(userId).digest('hex') };
      const first = await openVisitor(t, identity);
      const { conversationId } = await startConversation(t.url, first, 'I am logged in');
      const second = await openVisitor(t, identity);
      expect(second.visitorId).to.not.equal(first.visitorId);
      const list = (await (await call('GET', '/conversations', undefined, second)).json()) as { conversations: { id: string }[] };
      expect(list.conversations.map((c) => c.id)).to.deep.equal([conversationId]);
      const anonymous = (await (await call('GET', '/conversations', undefined, await openVisitor(t))).json()) as {
        conversations: unknown[];
      };
      expect(anonymous.conversations).to.deep.equal([]);
    });
  });

  describe('GET /appearance', () => {
    it("answers the widget's title, greeting and colours", async () => {
      const res = await call('GET', '/appearance');
      expect(await res.json()).to.deep.equal({
        title: 'Chat with us',
        greeting: 'Hi! How can we help?',
        color: '#b3261e',
        textColor: '#ffffff',
        position: 'right',
        replyTime: 'hours',
        open: true,
        preChat: { name: 'off', email: 'off' },
        uploads: { maxBytes: 716800, types: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] },
      });
    });
  });
});

describe("the widget API rate limit (the channels plugin's own rule)", () => {
  it('answers 429 with Retry-After once a visitor has sent its messages for the window', async () => {
    const t = await startWidgetHost({ channels: { messageRate: { points: 2, duration: 60 } } });
    try {
      const v = await openVisitor(t);
      const { conversationId } = await startConversation(t.url, v, 'first');
      const send = () =>
        fetch(`${t.url}/widget/v1/conversations/${conversationId}/messages`, {
          method: 'POST',
          headers: v.headers,
          body: JSON.stringify({ text: 'more', clientMessageId: clientId() }),
        });
      expect((await send()).status).to.equal(201);
      expect((await send()).status).to.equal(201);
      const refused = await send();
      expect(refused.status).to.equal(429);
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(((await refused.json()) as { error: { details: { limit: string } } }).error.details.limit).to.equal('channels.message');
      // Another visitor has its own budget.
      const other = await openVisitor(t);
      const theirs = await startConversation(t.url, other, 'hello');
      const reply = await fetch(`${t.url}/widget/v1/conversations/${theirs.conversationId}/messages`, {
        method: 'POST',
        headers: other.headers,
        body: JSON.stringify({ text: 'mine', clientMessageId: clientId() }),
      });
      expect(reply.status).to.equal(201);
    } finally {
      await t.close();
    }
  });
});

describe("GET /widget/v1/config and POST /widget/v1/session (over the host's visitor sessions)", () => {
  it("opens sessions from the site's origin, refuses others, and answers the 11th from one address within a minute with 429", async () => {
    const t = await startWidgetHost({ config: { rateWidgetIp: '10/60' } });
    try {
      const config = await fetch(`${t.url}/widget/v1/config?siteKey=${t.siteKey}`, { headers: { origin: SITE_ORIGIN } });
      expect(config.status).to.equal(200);
      expect(config.headers.get('cache-control')).to.equal('no-store');
      const { signed } = (await config.json()) as { signed: string };
      const wrong = await fetch(`${t.url}/widget/v1/config?siteKey=${t.siteKey}`, { headers: { origin: 'https://evil.example' } });
      expect(wrong.status).to.equal(403);
      const session = () =>
        fetch(`${t.url}/widget/v1/session`, {
          method: 'POST',
          headers: { origin: SITE_ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ siteKey: t.siteKey, config: signed }),
        });
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await session()).status);
      expect(statuses.slice(0, 10)).to.deep.equal(Array(10).fill(201));
      expect(statuses[10]).to.equal(429);
    } finally {
      await t.close();
    }
  });
});
