import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser, requestJson } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import type { InboxApi } from '@bacon/inbox-contract';
import { signedString } from '../src/twilio-signature.js';
import { encodeForm } from '../src/form.js';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const ACCOUNT = `AC${'a1'.repeat(16)}`;
const TOKEN = 'twilio-auth-token';
const TEMPLATE_SID = `HX${'b2'.repeat(16)}`;
const CUSTOMER = 'whatsapp:+15005550006';
const dnsLookup = async () => [{ address: '54.172.60.0', family: 4 }];

/** What Twilio computes: URL + sorted name/value pairs, HMAC-SHA1, base64 (written independently of the plugin). */
const twilioSign = (url: string, params: Record<string, string>) =>
  createHmac('sha1', TOKEN)
    .update(
      url +
        Object.keys(params)
          .sort()
          .map((k) => k + params[k])
          .join(''),
    )
    .digest('base64');

/** An inbound WhatsApp message as Twilio posts it (form fields as its incoming-message webhook documents them). */
const inbound = (sid: string, body: string, extra: Record<string, string> = {}) => ({
  SmsMessageSid: sid,
  NumMedia: '0',
  ProfileName: 'Ada',
  MessageType: 'text',
  SmsSid: sid,
  WaId: '15005550006',
  SmsStatus: 'received',
  Body: body,
  To: 'whatsapp:+14155238886',
  NumSegments: '1',
  ReferralNumMedia: '0',
  MessageSid: sid,
  AccountSid: ACCOUNT,
  From: CUSTOMER,
  ApiVersion: '2010-04-01',
  ...extra,
});

describe('twilio-whatsapp (sandboxed channel)', function () {
  this.timeout(90000);
  let host: TestHost;
  let admin: TestUser;
  let api!: InboxApi;
  const url = () => `${host.url}/api/v1/channels/twilio-whatsapp/webhook/${admin.user.tenantId}`;
  const call = (method: string, path: string, body?: unknown) => requestJson(host.url, admin.headers, method, path, body);
  const post = (params: Record<string, string>, signature = twilioSign(url(), params)) =>
    fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: encodeForm(Object.entries(params)),
    });
  const conversation = () =>
    waitFor(() => api.findConversationByExternalId(admin.user.tenantId, 'whatsapp', CUSTOMER), { what: 'the conversation' });
  const deliveries = async (id: string) => (await call('GET', `/api/v1/channels/conversations/${id}/deliveries`)).body.deliveries as any[];

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
    const settings = {
      accountSid: ACCOUNT,
      authToken: TOKEN,
      from: '+14155238886',
      templates: [{ name: 'order_update', contentSid: TEMPLATE_SID }],
    };
    expect((await call('PUT', '/api/v1/plugins/twilio-whatsapp/settings', settings)).status).to.equal(200);
    expect((await call('POST', '/api/v1/plugins/twilio-whatsapp/enable', { grants: ['http', 'secrets'] })).status).to.equal(200);
  });
  after(async () => {
    nock.cleanAll();
    await host?.close();
  });

  it("signs the way Twilio's documentation shows (its published example)", () => {
    const params: [string, string][] = [
      ['CallSid', 'CA1234567890ABCDE'],
      ['Caller', '+12349013030'],
      ['Digits', '1234'],
      ['From', '+12349013030'],
      ['To', '+18005551212'],
    ];
    const s = signedString('https://mycompany.com/myapp.php?foo=1&bar=2', params);
    expect(createHmac('sha1', '12345').update(s).digest('base64')).to.equal('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('takes a signed inbound message with media into the inbox and answers empty TwiML', async () => {
    const r = await post(
      inbound('SM00000000000000000000000000000001', 'Hi, my parcel?', {
        NumMedia: '1',
        MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM1/Media/ME1`,
        MediaContentType0: 'image/jpeg',
      }),
    );
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/text\/xml/);
    expect(await r.text()).to.contain('<Response></Response>');
    const c = await conversation();
    const list = await call('GET', `/api/v1/conversations?channel=whatsapp`);
    expect(list.body.items.map((x: { id: string }) => x.id)).to.include(c.id);
    const [m] = await api.listMessagesSince(admin.user.tenantId, c.id, 0);
    expect(m).to.include({ body: 'Hi, my parcel?', externalId: 'SM00000000000000000000000000000001' });
    expect((m!.payload as { attachments: unknown[] }).attachments).to.deep.equal([
      {
        name: 'media-0',
        contentType: 'image/jpeg',
        size: 0,
        url: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/MM1/Media/ME1`,
      },
    ]);
  });

  it('refuses a forged or missing signature', async () => {
    const params = inbound('SM00000000000000000000000000000002', 'forged');
    expect((await post(params, twilioSign(url(), { ...params, Body: 'other' }))).status).to.equal(403);
    expect((await post(params, '')).status).to.equal(403);
    const c = await conversation();
    expect((await api.listMessagesSince(admin.user.tenantId, c.id, 0)).map((m) => m.externalId)).not.to.include(
      'SM00000000000000000000000000000002',
    );
  });

  it('sends the agent reply through the Messages API, then turns status callbacks into delivered', async () => {
    const c = await conversation();
    let form: Record<string, string> | undefined;
    let auth: string | undefined;
    nock('https://api.twilio.com')
      .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`)
      .reply(function (_uri, body) {
        form = Object.fromEntries(new URLSearchParams(String(body)));
        auth = String(this.req.headers.authorization);
        return [201, { sid: 'SM10000000000000000000000000000001', status: 'queued', account_sid: ACCOUNT, to: CUSTOMER, body: form.Body }];
      });
    const reply = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'It left the warehouse today.' });
    expect(reply.status).to.equal(201);
    await waitFor(async () => (await deliveries(c.id)).find((d) => d.status === 'sent'), { what: 'sent' });
    expect(form).to.deep.equal({ To: CUSTOMER, From: 'whatsapp:+14155238886', Body: 'It left the warehouse today.' });
    expect(auth).to.equal(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);

    const status = {
      SmsSid: 'SM10000000000000000000000000000001',
      SmsStatus: 'delivered',
      MessageStatus: 'delivered',
      ChannelToAddress: '+15005550006',
      To: CUSTOMER,
      ChannelPrefix: 'whatsapp',
      MessageSid: 'SM10000000000000000000000000000001',
      AccountSid: ACCOUNT,
      From: 'whatsapp:+14155238886',
      ApiVersion: '2010-04-01',
      ChannelInstallSid: 'XE00000000000000000000000000000000',
    };
    expect((await post(status)).status).to.equal(200);
    const [d] = await deliveries(c.id);
    expect(d).to.include({ messageId: reply.body.id, status: 'delivered', externalId: 'SM10000000000000000000000000000001' });
  });

  it("records a failed status callback with Twilio's error code", async () => {
    const c = await conversation();
    nock('https://api.twilio.com')
      .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`)
      .reply(201, { sid: 'SM10000000000000000000000000000002', status: 'queued' });
    const reply = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Anything else?' });
    await waitFor(async () => (await deliveries(c.id)).find((d) => d.messageId === reply.body.id && d.status === 'sent'), { what: 'sent' });
    const failed = {
      MessageSid: 'SM10000000000000000000000000000002',
      MessageStatus: 'undelivered',
      SmsStatus: 'undelivered',
      ErrorCode: '63024',
      AccountSid: ACCOUNT,
      To: CUSTOMER,
      From: 'whatsapp:+14155238886',
      ApiVersion: '2010-04-01',
    };
    expect((await post(failed)).status).to.equal(200);
    const d = (await deliveries(c.id)).find((x) => x.messageId === reply.body.id);
    expect(d).to.deep.include({ status: 'failed', error: { code: 'twilio_63024', message: 'Twilio reported undelivered.' } });
  });

  it("retries after Twilio's 429 and reports a permanent refusal with Twilio's code", async () => {
    const c = await conversation();
    const path = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;
    const limited = nock('https://api.twilio.com')
      .post(path)
      .reply(
        429,
        { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
        { 'retry-after': '1' },
      )
      .post(path)
      .reply(201, { sid: 'SM10000000000000000000000000000004', status: 'queued' });
    const ok = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Retry me' });
    const sent = await waitFor(async () => (await deliveries(c.id)).find((d) => d.messageId === ok.body.id && d.status === 'sent'), {
      what: 'sent after 429',
    });
    expect(sent.attempts).to.equal(2);
    expect(limited.isDone()).to.equal(true);

    nock('https://api.twilio.com').post(path).reply(400, {
      code: 21211,
      message: "The 'To' number whatsapp:+15005550006 is not a valid phone number.",
      more_info: 'https://www.twilio.com/docs/errors/21211',
      status: 400,
    });
    const bad = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Refused' });
    const failed = await waitFor(async () => (await deliveries(c.id)).find((d) => d.messageId === bad.body.id && d.status === 'failed'), {
      what: 'failed',
    });
    expect(failed.attempts).to.equal(1);
    expect(failed.error.code).to.equal('twilio_rejected');
    expect(failed.error.message).to.contain('error 21211');
  });

  it('answers an open window until 24 hours after the last inbound message, with the templates for later', async () => {
    const c = await conversation();
    const r = await call('GET', `/api/v1/channels/conversations/${c.id}/window`);
    expect(r.status).to.equal(200);
    expect(r.body.window).to.deep.include({ open: true, whenClosed: 'templates', templates: [{ name: 'order_update' }] });
    expect(Date.parse(r.body.window.closesAt) - Date.parse(r.body.lastInboundAt)).to.equal(24 * 3600 * 1000);
    // WhatsApp through Twilio has no read receipt to send: nothing is called, and the answer says so.
    expect(await call('POST', `/api/v1/channels/conversations/${c.id}/seen`)).to.deep.include({ status: 200, body: { marked: false } });
  });

  it('outside the 24-hour window refuses a free-form reply, naming the templates, and sends a template', async () => {
    // A customer who last wrote 25 hours ago (the provider's timestamp is what counts).
    const old = new Date(Date.now() - 25 * 3600 * 1000).toISOString();
    const stale = await api.ingestInbound(admin.user.tenantId, {
      channel: 'whatsapp',
      externalConversationId: 'whatsapp:+15005550007',
      externalMessageId: 'SM00000000000000000000000000000099',
      contact: { externalId: 'whatsapp:+15005550007' },
      text: 'old',
      sentAt: old,
    });
    // Not through the webhook: tell the channels plugin about the thread the way a webhook would have.
    await host.services.db.knex('channels_threads').insert({
      tenant_id: admin.user.tenantId,
      conversation_id: stale.conversation.id,
      plugin_id: 'twilio-whatsapp',
      channel: 'whatsapp',
      last_inbound_at: old,
    });
    // Refused when the agent sends it, over HTTP: a 409 naming why and the templates allowed; nothing is stored.
    const free = await call('POST', `/api/v1/conversations/${stale.conversation.id}/messages`, { text: 'Hello again' });
    expect(free.status).to.equal(409);
    expect(free.body.error.code).to.equal('channel_window_closed');
    expect(free.body.error.message).to.contain('24 hours').and.contain('order_update');
    expect(free.body.error.details).to.deep.include({ channel: 'whatsapp', templates: ['order_update'] });
    const transcript = await api.listMessagesSince(admin.user.tenantId, stale.conversation.id, 0);
    expect(transcript.map((m) => m.body)).to.deep.equal(['old']);
    // A template that is not among the approved ones is refused the same way.
    const unknown = await call('POST', `/api/v1/conversations/${stale.conversation.id}/messages`, {
      text: 'x',
      components: [{ type: 'template', name: 'not_approved' }],
    });
    expect(unknown.status).to.equal(409);
    const closed = await call('GET', `/api/v1/channels/conversations/${stale.conversation.id}/window`);
    expect(closed.body).to.deep.include({ channel: 'whatsapp', pluginId: 'twilio-whatsapp', lastInboundAt: old });
    expect(closed.body.window).to.deep.include({
      open: false,
      closesAt: null,
      whenClosed: 'templates',
      templates: [{ name: 'order_update' }],
    });
    expect(closed.body.window.reason).to.contain('approved template');

    let form: Record<string, string> | undefined;
    nock('https://api.twilio.com')
      .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`)
      .reply(function (_uri, body) {
        form = Object.fromEntries(new URLSearchParams(String(body)));
        return [201, { sid: 'SM10000000000000000000000000000003', status: 'queued' }];
      });
    const tpl = await call('POST', `/api/v1/conversations/${stale.conversation.id}/messages`, {
      text: 'Your order shipped',
      components: [{ type: 'template', name: 'order_update', variables: { '1': '1001' } }],
    });
    await waitFor(async () => (await deliveries(stale.conversation.id)).find((d) => d.messageId === tpl.body.id && d.status === 'sent'), {
      what: 'the template',
    });
    expect(form).to.deep.equal({
      To: 'whatsapp:+15005550007',
      From: 'whatsapp:+14155238886',
      ContentSid: TEMPLATE_SID,
      ContentVariables: '{"1":"1001"}',
    });
  });
});
