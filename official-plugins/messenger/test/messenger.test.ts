import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser, requestJson } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import type { InboxApi } from '@bacon/inbox-contract';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const PAGE = '1234567890';
const PSID = '24681357901234567';
const APP_SECRET = 'meta-app-secret';
const TOKEN = 'EAAG-page-token';
const dnsLookup = async () => [{ address: '157.240.0.35', family: 4 }];
const sign = (body: string) => `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;

/** A Page webhook as Meta documents it: `object: page`, entries with `messaging` events. */
const pageEvent = (...messaging: unknown[]) => ({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging }] });
const from = (extra: object) => ({ sender: { id: PSID }, recipient: { id: PAGE }, timestamp: Date.now(), ...extra });

describe('messenger (sandboxed channel)', function () {
  this.timeout(90000);
  let host: TestHost;
  let admin: TestUser;
  let api!: InboxApi;
  const hook = () => `${host.url}/api/v1/channels/messenger/webhook/${admin.user.tenantId}`;
  const call = (method: string, path: string, body?: unknown) => requestJson(host.url, admin.headers, method, path, body);
  const post = (payload: unknown, signature?: string) => {
    const body = JSON.stringify(payload);
    return fetch(hook(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? sign(body) },
      body,
    });
  };
  const conversation = () =>
    waitFor(() => api.findConversationByExternalId(admin.user.tenantId, 'messenger', PSID), { what: 'the conversation' });
  const deliveries = async (id: string) => (await call('GET', `/api/v1/channels/conversations/${id}/deliveries`)).body.deliveries as any[];
  const sendApi = () => nock('https://graph.facebook.com').post('/v19.0/me/messages').query({ access_token: TOKEN });

  before(async () => {
    const probe = definePlugin({
      id: 'probe',
      version: '0.0.0',
      dependencies: { inbox: '*' },
      init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
    });
    host = await startTestHost({
      plugins: [inbox, channelsPlugin({ sender: { retryBaseMs: 20, retryMaxMs: 2000 } }), probe, ENTRY],
      pluginOptions: { dnsLookup },
    });
    admin = await createTestUser(host, { role: 'admin' });
    const settings = { pageId: PAGE, pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: 'verify-me-please' };
    expect((await call('PUT', '/api/v1/plugins/messenger/settings', settings)).status).to.equal(200);
    expect((await call('POST', '/api/v1/plugins/messenger/enable', { grants: ['http', 'secrets'] })).status).to.equal(200);
  });
  after(async () => {
    nock.cleanAll();
    await host?.close();
  });

  it('answers the verification handshake with hub.challenge, and refuses a wrong verify token', async () => {
    const ok = await fetch(`${hook()}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`);
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.equal('1158201444');
    expect((await fetch(`${hook()}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`)).status).to.equal(403);
  });

  it('stores a signed message and refuses a bad X-Hub-Signature-256', async () => {
    const event = pageEvent(from({ message: { mid: 'm_1', text: 'Hello page' } }));
    expect((await post(event, sign('tampered'))).status).to.equal(403);
    const r = await post(event);
    expect(r.status).to.equal(200);
    expect(await r.text()).to.equal('EVENT_RECEIVED');
    const c = await conversation();
    expect((await api.listMessagesSince(admin.user.tenantId, c.id, 0)).map((m) => [m.externalId, m.body])).to.deep.equal([
      ['m_1', 'Hello page'],
    ]);
  });

  it('keeps quick-reply answers and postbacks as replies', async () => {
    await post(pageEvent(from({ message: { mid: 'm_2', text: 'Track order', quick_reply: { payload: 'TRACK' } } })));
    await post(pageEvent(from({ postback: { mid: 'm_3', title: 'Talk to a human', payload: 'HUMAN' } })));
    const c = await conversation();
    const ms = await waitFor(
      async () => {
        const list = await api.listMessagesSince(admin.user.tenantId, c.id, 0);
        return list.length >= 3 ? list : undefined;
      },
      { what: 'three messages' },
    );
    expect(ms.map((m) => (m.payload as { metadata?: { reply?: unknown } }).metadata?.reply)).to.deep.equal([
      undefined,
      { value: 'TRACK', label: 'Track order' },
      { value: 'HUMAN', label: 'Talk to a human' },
    ]);
  });

  it('sends cards as a generic template and quick replies natively, then applies delivery callbacks', async () => {
    const c = await conversation();
    let sent: any;
    sendApi().reply(200, (_uri, body) => ((sent = body), { recipient_id: PSID, message_id: 'm_out_1' }));
    const reply = await call('POST', `/api/v1/conversations/${c.id}/messages`, {
      text: 'Here it is',
      components: [
        { type: 'card', title: 'Order 1001', text: 'Shipped', buttons: [{ label: 'Track', url: 'https://shop.example/t/1001' }] },
      ],
    });
    await waitFor(async () => (await deliveries(c.id)).find((d) => d.messageId === reply.body.id && d.status === 'sent'), { what: 'sent' });
    expect(sent).to.deep.equal({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: {
        attachment: {
          type: 'template',
          payload: {
            template_type: 'generic',
            elements: [
              {
                title: 'Order 1001',
                subtitle: 'Shipped',
                buttons: [{ type: 'web_url', url: 'https://shop.example/t/1001', title: 'Track' }],
              },
            ],
          },
        },
      },
    });
    expect((await post(pageEvent(from({ delivery: { mids: ['m_out_1'], watermark: Date.now() } })))).status).to.equal(200);
    expect((await deliveries(c.id)).find((d) => d.messageId === reply.body.id).status).to.equal('delivered');

    sendApi().reply(200, (_uri, body) => ((sent = body), { recipient_id: PSID, message_id: 'm_out_2' }));
    const q = await call('POST', `/api/v1/conversations/${c.id}/messages`, {
      text: 'Pick one',
      components: [
        {
          type: 'quick_replies',
          text: 'Pick one',
          options: [
            { label: 'Yes', value: 'Y' },
            { label: 'No', value: 'N' },
          ],
        },
      ],
    });
    await waitFor(async () => (await deliveries(c.id)).find((d) => d.messageId === q.body.id && d.status === 'sent'), { what: 'sent' });
    expect(sent.message).to.deep.equal({
      text: 'Pick one',
      quick_replies: [
        { content_type: 'text', title: 'Yes', payload: 'Y' },
        { content_type: 'text', title: 'No', payload: 'N' },
      ],
    });
  });

  it("turns a read receipt's watermark into read on every message sent before it, and no other", async () => {
    const c = await conversation();
    const before = (await deliveries(c.id)).filter((d) => d.status === 'sent' || d.status === 'delivered');
    expect(before.length).to.be.greaterThan(1);
    // A watermark older than every send moves nothing.
    const stale = await post(pageEvent(from({ read: { watermark: Date.now() - 3600 * 1000 } })));
    expect(await stale.text()).to.equal('EVENT_RECEIVED');
    expect((await deliveries(c.id)).filter((d) => d.status === 'read')).to.deep.equal([]);
    expect((await post(pageEvent(from({ read: { watermark: Date.now() } })))).status).to.equal(200);
    const after = await deliveries(c.id);
    for (const d of before) expect(after.find((x) => x.messageId === d.messageId).status).to.equal('read');
  });

  it('answers the open window of a recent conversation and marks it seen through the Send API', async () => {
    const c = await conversation();
    const w = await call('GET', `/api/v1/channels/conversations/${c.id}/window`);
    expect(w.status).to.equal(200);
    expect(w.body).to.deep.include({ channel: 'messenger', pluginId: 'messenger' });
    expect(w.body.window).to.deep.include({ open: true, whenClosed: 'nothing', templates: [] });
    expect(Date.parse(w.body.window.closesAt) - Date.parse(w.body.lastInboundAt)).to.equal(24 * 3600 * 1000);

    let seen: any;
    sendApi().reply(200, (_uri, body) => ((seen = body), { recipient_id: PSID }));
    const r = await call('POST', `/api/v1/channels/conversations/${c.id}/seen`);
    expect(r).to.deep.include({ status: 200, body: { marked: true } });
    expect(seen).to.deep.equal({ recipient: { id: PSID }, sender_action: 'mark_seen' });
  });

  it('refuses a reply outside the 24-hour window without the human agent tag, and sends it tagged once enabled', async () => {
    const old = new Date(Date.now() - 30 * 3600 * 1000);
    const psid = '99990000111122223';
    await post(
      pageEvent({
        sender: { id: psid },
        recipient: { id: PAGE },
        timestamp: old.getTime(),
        message: { mid: 'm_old', text: 'a while ago' },
      }),
    );
    const c = await waitFor(() => api.findConversationByExternalId(admin.user.tenantId, 'messenger', psid), { what: 'old conversation' });
    const first = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Sorry for the wait' });
    expect(first.status).to.equal(409);
    expect(first.body.error.code).to.equal('channel_window_closed');
    expect(first.body.error.message).to.contain('human agent tag');
    expect(first.body.error.details).to.deep.include({ channel: 'messenger', templates: [] });
    const closed = (await call('GET', `/api/v1/channels/conversations/${c.id}/window`)).body.window;
    expect(closed).to.deep.include({ open: false, closesAt: null, whenClosed: 'nothing' });
    expect(closed.reason).to.contain('human agent tag');

    expect(
      (
        await call('PUT', '/api/v1/plugins/messenger/settings', {
          pageId: PAGE,
          pageAccessToken: '********',
          appSecret: '********',
          verifyToken: 'verify-me-please',
          humanAgentTag: true,
        })
      ).status,
    ).to.equal(200);
    let sent: any;
    sendApi().reply(200, (_uri, body) => ((sent = body), { recipient_id: psid, message_id: 'm_out_3' }));
    const second = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Sorry for the wait' });
    await waitFor(async () => (await deliveries(c.id)).find((d) => d.messageId === second.body.id && d.status === 'sent'), {
      what: 'tagged send',
    });
    expect(sent).to.deep.include({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    const tagged = (await call('GET', `/api/v1/channels/conversations/${c.id}/window`)).body.window;
    expect(tagged).to.deep.include({ open: true, closesAt: new Date(old.getTime() + 7 * 24 * 3600 * 1000).toISOString() });
  });

  it("reports the Send API's permanent error with Meta's code", async () => {
    const c = await conversation();
    sendApi().reply(400, {
      error: { message: '(#100) No matching user found', type: 'OAuthException', code: 100, error_subcode: 2018001, fbtrace_id: 'AbC' },
    });
    const r = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Hello?' });
    const d = await waitFor(async () => (await deliveries(c.id)).find((x) => x.messageId === r.body.id && x.status === 'failed'), {
      what: 'failure',
    });
    expect(d.error.code).to.equal('messenger_rejected');
    expect(d.error.message).to.contain('code 100/2018001');
  });
});
