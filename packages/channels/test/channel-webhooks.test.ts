import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { waitFor, requestJson } from '@bacon/host/testing';
import { startWidgetHost, type WidgetTestHost } from './support/widget-host.js';

const ACME = new URL('./fixtures/acme-chat.ts', import.meta.url).pathname;
const SECRET = 'acme-webhook-secret';
const dnsLookup = async () => [{ address: '93.184.216.34', family: 4 }];
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('provider channels: webhooks in, the sender out (sandboxed adapter)', function () {
  this.timeout(90000);
  let w: WidgetTestHost;
  let tenantId: string;
  const api = (method: string, path: string, body?: unknown) => requestJson(w.url, w.admin.headers, method, path, body);
  const webhook = (payload: unknown, signature?: string, tenant = tenantId) => {
    const body = JSON.stringify(payload);
    return fetch(`${w.url}/api/v1/channels/acme-chat/webhook/${tenant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acme-signature': signature ?? sign(body) },
      body,
    });
  };
  const conversationOf = async (from: string) =>
    waitFor(() => w.inbox.findConversationByExternalId(tenantId, 'acme', from), { what: from });
  const messagesOf = async (conversationId: string) => w.inbox.listMessagesSince(tenantId, conversationId, 0, 1000);
  const deliveriesOf = async (conversationId: string) =>
    (await api('GET', `/api/v1/channels/conversations/${conversationId}/deliveries`)).body.deliveries as {
      messageId: string;
      status: string;
      externalId: string | null;
      error: { code: string; message: string } | null;
      attempts: number;
    }[];

  before(async () => {
    w = await startWidgetHost({
      extraPlugins: [ACME],
      pluginOptions: { dnsLookup },
      channels: { sender: { retryBaseMs: 20, retryMaxMs: 2000 }, webhooks: { maxInFlight: 4, retryAfterSeconds: 7, allowListTtlMs: 0 } },
    });
    tenantId = w.admin.user.tenantId;
    expect((await api('PUT', '/api/v1/plugins/acme-chat/settings', { verifyToken: 'vt-1', webhookSecret: SECRET })).status).to.equal(200);
    expect((await api('POST', '/api/v1/plugins/acme-chat/enable', { grants: ['http', 'secrets'] })).status).to.equal(200);
  });
  after(async () => {
    nock.cleanAll();
    await w?.close();
  });

  it('stores a signed webhook as a message of a conversation on the channel, with the normalised extras', async () => {
    const r = await webhook({ messages: [{ id: 'm-1', from: '+15550001', text: 'Where is my order?', location: { lat: 1.5, lng: 2.5 } }] });
    expect(r.status).to.equal(200);
    expect(await r.json()).to.deep.equal({ received: { messages: 1, duplicates: 0, statuses: 0 } });
    const c = await conversationOf('+15550001');
    expect(c.channel).to.equal('acme');
    const [m] = await messagesOf(c.id);
    expect(m).to.include({ body: 'Where is my order?', externalId: 'm-1', authorKind: 'contact' });
    expect((m!.payload as { metadata?: unknown }).metadata).to.deep.equal({ location: { latitude: 1.5, longitude: 2.5 } });
  });

  it("refuses a webhook from outside the tenant's allow-list with 403, and takes it from inside (ranges, or the provider's)", async () => {
    const allow = (list: string[]) => api('PUT', '/api/v1/plugins/channels/settings', { webhookIpAllow: { 'acme-chat': list } });
    try {
      expect((await allow(['not an address'])).status).to.equal(400);
      expect((await allow(['203.0.113.0/24'])).status).to.equal(200);
      const refused = await webhook({ messages: [{ id: 'ip-1', from: 'ip-user', text: 'from outside' }] });
      expect(refused.status).to.equal(403);
      expect((await refused.json()).error.code).to.equal('channel_ip_refused');
      expect((await fetch(`${w.url}/api/v1/channels/acme-chat/webhook/${tenantId}?token=vt-1&challenge=c`)).status).to.equal(403);
      expect(await w.inbox.findConversationByExternalId(tenantId, 'acme', 'ip-user')).to.equal(undefined);

      // `provider` is the adapter's published ranges (the fixture's include loopback).
      expect((await allow(['203.0.113.0/24', 'provider'])).status).to.equal(200);
      expect((await webhook({ messages: [{ id: 'ip-1', from: 'ip-user', text: 'from the provider' }] })).status).to.equal(200);
      expect((await allow(['127.0.0.1'])).status).to.equal(200);
      expect((await webhook({ messages: [{ id: 'ip-2', from: 'ip-user', text: 'from an allowed address' }] })).status).to.equal(200);
      const c = await conversationOf('ip-user');
      expect((await messagesOf(c.id)).map((m) => m.externalId)).to.deep.equal(['ip-1', 'ip-2']);
    } finally {
      expect((await api('PUT', '/api/v1/plugins/channels/settings', {})).status).to.equal(200);
    }
  });

  it('refuses a bad signature with 403 and stores nothing', async () => {
    const payload = { messages: [{ id: 'm-forged', from: '+15550002', text: 'forged' }] };
    const r = await webhook(payload, sign('something else'));
    expect(r.status).to.equal(403);
    expect((await r.json()).error.code).to.equal('channel_signature_invalid');
    // The same payload signed properly is stored: the refusal was the signature's.
    expect((await webhook(payload)).status).to.equal(200);
    expect((await messagesOf((await conversationOf('+15550002')).id)).map((m) => m.externalId)).to.deep.equal(['m-forged']);
  });

  it('stores the same webhook delivered 200 times at once as one message', async () => {
    const payload = { messages: [{ id: 'm-dup', from: '+15550003', text: 'once' }] };
    const answers = await Promise.all(Array.from({ length: 200 }, () => webhook(payload).then((r) => r.status)));
    // Past the in-flight bound some copies are refused with 503 (the provider retries them); none fails otherwise.
    expect(
      answers.every((s) => s === 200 || s === 503),
      String(answers),
    ).to.equal(true);
    expect(answers).to.include(200);
    const c = await conversationOf('+15550003');
    expect((await messagesOf(c.id)).map((m) => m.externalId)).to.deep.equal(['m-dup']);
  });

  it('answers 503 with Retry-After past the in-flight bound, and stores everything it answered 2xx', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `bp-${i}`);
    const answers = await Promise.all(
      ids.map(async (id) => {
        const r = await webhook({ messages: [{ id, from: '+15550009', text: id }] });
        return { id, status: r.status, retryAfter: r.headers.get('retry-after') };
      }),
    );
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length, 'some refused for load').to.be.greaterThan(0);
    expect(refused.every((a) => a.retryAfter === '7')).to.equal(true);
    const accepted = answers.filter((a) => a.status === 200).map((a) => a.id);
    expect(accepted.length + refused.length).to.equal(ids.length);
    const stored = (await messagesOf((await conversationOf('+15550009')).id)).map((m) => m.externalId);
    expect(stored.sort()).to.deep.equal([...accepted].sort());
    // The provider retries what was refused; each is then stored once.
    for (const a of refused) expect((await webhook({ messages: [{ id: a.id, from: '+15550009', text: a.id }] })).status).to.equal(200);
    expect((await messagesOf((await conversationOf('+15550009')).id)).length).to.equal(ids.length);
  });

  it('keeps two channels apart even when their ids are the same', async () => {
    expect((await webhook({ messages: [{ id: 'same-id', from: 'same-thread', text: 'on acme' }] })).status).to.equal(200);
    const acme = await conversationOf('same-thread');
    const web = await w.inbox.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: 'same-thread',
      externalMessageId: 'same-id',
      contact: { externalId: 'same-thread' },
      text: 'on the web',
    });
    expect(web.duplicate).to.equal(false);
    expect(web.conversation.id).not.to.equal(acme.id);
  });

  it("answers the provider's GET handshake, and refuses a wrong token", async () => {
    const ok = await fetch(`${w.url}/api/v1/channels/acme-chat/webhook/${tenantId}?token=vt-1&challenge=12345`);
    expect(ok.status).to.equal(200);
    expect(await ok.text()).to.equal('12345');
    const bad = await fetch(`${w.url}/api/v1/channels/acme-chat/webhook/${tenantId}?token=nope&challenge=12345`);
    expect(bad.status).to.equal(403);
  });

  it('answers 404 for a plugin that offers no channel, and 409 for a tenant that has not enabled it', async () => {
    expect((await fetch(`${w.url}/api/v1/channels/no-such-plugin/webhook/${tenantId}`, { method: 'POST', body: '{}' })).status).to.equal(
      404,
    );
    const other = '00000000-0000-4000-8000-000000000001';
    expect((await webhook({ messages: [] }, undefined, other)).status).to.equal(409);
  });

  it("sends an agent's reply through the adapter, degrading what the channel cannot show, then applies status callbacks", async () => {
    const c = await conversationOf('+15550001');
    let sent: { to: string; text: string; components: { type: string; text?: string }[] } | undefined;
    let idempotencyKey: string | undefined;
    nock('https://api.acme-chat.test')
      .post('/v1/messages')
      .reply(function (_uri, body) {
        sent = body as typeof sent;
        idempotencyKey = String(this.req.headers['idempotency-key']);
        return [200, { id: 'acme-out-1' }];
      });
    const reply = await api('POST', `/api/v1/conversations/${c.id}/messages`, {
      text: 'It ships today.',
      components: [{ type: 'card', title: 'Order 1001', text: 'Shipped' }],
    });
    expect(reply.status).to.equal(201);
    const d = await waitFor(async () => (await deliveriesOf(c.id)).find((x) => x.status === 'sent'), { what: 'the send' });
    expect(d).to.include({ messageId: reply.body.id, externalId: 'acme-out-1' });
    expect(idempotencyKey).to.equal(reply.body.id);
    expect(sent).to.deep.equal({ to: '+15550001', text: 'It ships today.', components: [{ type: 'text', text: 'Order 1001\nShipped' }] });

    expect((await webhook({ statuses: [{ id: 'acme-out-1', status: 'delivered' }] })).status).to.equal(200);
    await waitFor(async () => (await deliveriesOf(c.id))[0]?.status === 'delivered', { what: 'delivered' });
    // A late `sent` callback does not move it back.
    await webhook({ statuses: [{ id: 'acme-out-1', status: 'sent' }] });
    expect((await deliveriesOf(c.id))[0]!.status).to.equal('delivered');
    await webhook({ statuses: [{ id: 'acme-out-1', status: 'read' }] });
    expect((await deliveriesOf(c.id))[0]!.status).to.equal('read');
  });

  it('retries a send refused with 429 after its Retry-After, then records it sent', async () => {
    const c = await conversationOf('+15550002');
    const scope = nock('https://api.acme-chat.test')
      .post('/v1/messages')
      .reply(429, { error: 'slow down' }, { 'retry-after': '1' })
      .post('/v1/messages')
      .reply(200, { id: 'acme-out-2' });
    const reply = await api('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Second try' });
    const d = await waitFor(async () => (await deliveriesOf(c.id)).find((x) => x.messageId === reply.body.id && x.status === 'sent'), {
      what: 'the retried send',
    });
    expect(d.attempts).to.equal(2);
    expect(scope.isDone()).to.equal(true);
  });

  it('reports a permanent refusal on the message, with its reason, without retrying', async () => {
    const c = await conversationOf('+15550003');
    const scope = nock('https://api.acme-chat.test').post('/v1/messages').reply(400, 'recipient unknown');
    const reply = await api('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Hello?' });
    const d = await waitFor(async () => (await deliveriesOf(c.id)).find((x) => x.messageId === reply.body.id && x.status === 'failed'), {
      what: 'the failure',
    });
    expect(d.attempts).to.equal(1);
    expect(d.error).to.deep.include({ code: 'acme_rejected' });
    expect(d.error!.message).to.contain('recipient unknown');
    expect(scope.isDone()).to.equal(true);
  });
});
