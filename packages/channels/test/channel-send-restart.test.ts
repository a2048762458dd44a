import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { definePlugin } from '@bacon/sdk';
import { createTestDatabase, createTestUser, startTestHost, waitFor, type TestDatabase, type TestHost } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '../src/index.js';

const ACME = new URL('./fixtures/acme-chat.ts', import.meta.url).pathname;
const SECRET = 'acme-webhook-secret';
const dnsLookup = async () => [{ address: '93.184.216.34', family: 4 }];
const SENDER = 'channels:channel-sender';

/**
 * Durable outbound across restarts: an agent's reply that committed on a host that went away
 * before sending it is sent by the next host, once; and a restart after the send changes nothing.
 */
describe('the channel sender across host restarts', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let host: TestHost | undefined;
  let api!: InboxApi;
  let tenantId: string;
  let headers: Record<string, string>;
  /** Every send the stub provider took: the Bacon message id it carried as its idempotency key. */
  const received: string[] = [];

  const probe = definePlugin({
    id: 'restart-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
  });
  /** A host of the channel stack; with `sending` false its sender does not run (a host that dies before sending). */
  const start = (sending: boolean) =>
    startTestHost({
      database,
      plugins: [inbox, channelsPlugin({ sender: { enabled: sending, retryBaseMs: 20, retryMaxMs: 500 } }), probe, ACME],
      pluginOptions: { dnsLookup },
    });
  const provider = () =>
    nock('https://api.acme-chat.test')
      .persist()
      .post('/v1/messages')
      .reply(function () {
        const key = String(this.req.headers['idempotency-key']);
        received.push(key);
        return [201, { id: `acme-out-${key}` }];
      });
  const deliveryOf = async (h: TestHost, messageId: string) =>
    (await h.services.db.knex('channels_deliveries').where({ tenant_id: tenantId, message_id: messageId }).first()) as
      { status: string; attempts: number; external_id: string | null } | undefined;
  /** The sender's cursor has passed every event in the log (it has looked at all of them). */
  const caughtUp = async (h: TestHost) => {
    const knex = h.services.db.knex;
    const newest = await knex('host_events').max({ pos: 'pos' }).first();
    const cursor = await knex('host_event_consumers').where({ name: SENDER }).first();
    return cursor && Number(cursor.pos) >= Number(newest?.pos ?? 0) ? true : undefined;
  };

  before(async () => {
    database = await createTestDatabase();
    host = await start(true);
    const admin = await createTestUser(host, { role: 'admin' });
    tenantId = admin.user.tenantId;
    headers = { ...admin.headers, 'content-type': 'application/json' };
    const put = await fetch(`${host.url}/api/v1/plugins/acme-chat/settings`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ verifyToken: 'vt-1', webhookSecret: SECRET }),
    });
    expect(put.status).to.equal(200);
    const enable = await fetch(`${host.url}/api/v1/plugins/acme-chat/enable`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ grants: ['http', 'secrets'] }),
    });
    expect(enable.status).to.equal(200);
    const body = JSON.stringify({ messages: [{ id: 'in-1', from: 'restart-user', text: 'Hello?' }] });
    const hook = await fetch(`${host.url}/api/v1/channels/acme-chat/webhook/${tenantId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-acme-signature': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    expect(hook.status).to.equal(200);
  });
  after(async () => {
    nock.cleanAll();
    await host?.close();
    await database?.drop();
  });

  // The root hooks clear nock after each test.
  beforeEach(() => void provider());

  it('sends a reply committed on a host that stopped before its sender ran, once, and never again after another restart', async () => {
    const c = (await api.findConversationByExternalId(tenantId, 'acme', 'restart-user'))!;
    // The path works: a reply on the running stack is sent (and the sender's cursor exists).
    const first = await api.sendAgentMessage(tenantId, c.id, { text: 'First answer', authorId: null, authorKind: 'bot' });
    await waitFor(async () => (await deliveryOf(host!, first.id))?.status === 'sent' || undefined, {
      what: 'the first send',
      timeoutMs: 30_000,
    });
    await host!.stop();

    // The reply commits on a host that goes away before its sender gets to it.
    host = await start(false);
    const pending = await api.sendAgentMessage(tenantId, c.id, {
      text: 'Committed, then the host died',
      authorId: null,
      authorKind: 'bot',
    });
    expect(await deliveryOf(host, pending.id)).to.equal(undefined);
    await host.stop();

    host = await start(true);
    const sent = await waitFor(
      async () => {
        const d = await deliveryOf(host!, pending.id);
        return d?.status === 'sent' ? d : undefined;
      },
      { what: 'the send after the restart', timeoutMs: 30_000 },
    );
    expect(sent).to.include({ attempts: 1, external_id: `acme-out-${pending.id}` });
    await waitFor(() => caughtUp(host!), { what: 'the sender to catch up', timeoutMs: 30_000 });
    await host.stop();

    // Another restart re-reads nothing it already sent; a new reply proves this host's sender runs.
    host = await start(true);
    const later = await api.sendAgentMessage(tenantId, c.id, { text: 'After the second restart', authorId: null, authorKind: 'bot' });
    await waitFor(async () => (await deliveryOf(host!, later.id))?.status === 'sent' || undefined, {
      what: 'the later send',
      timeoutMs: 30_000,
    });
    expect(received).to.deep.equal([first.id, pending.id, later.id]);
  });

  it('resends with the same idempotency key when the host died after the provider took the message but before it was recorded', async () => {
    const c = (await api.findConversationByExternalId(tenantId, 'acme', 'restart-user'))!;
    const reply = await api.sendAgentMessage(tenantId, c.id, { text: 'Sent, not recorded', authorId: null, authorKind: 'bot' });
    await waitFor(async () => (await deliveryOf(host!, reply.id))?.status === 'sent' || undefined, { what: 'the send', timeoutMs: 30_000 });
    await host!.stop();
    // What a kill between the provider's answer and the record leaves: the delivery queued after one
    // attempt, and the sender's cursor before the event (it moves only after the handler returned).
    host = await start(false);
    const knex = host.services.db.knex;
    await knex('channels_deliveries').where({ tenant_id: tenantId, message_id: reply.id }).update({ status: 'queued', external_id: null });
    const event = await knex('host_events')
      .where({ topic: 'message.created' })
      .whereRaw(`payload->'message'->>'id' = ?`, [reply.id])
      .first();
    await knex('host_event_consumers')
      .where({ name: SENDER })
      .update({ pos: Number(event.pos) - 1 });
    const before = received.length;
    await host.stop();

    host = await start(true);
    await waitFor(async () => (await deliveryOf(host!, reply.id))?.status === 'sent' || undefined, {
      what: 'the resend',
      timeoutMs: 30_000,
    });
    await waitFor(() => caughtUp(host!), { what: 'the sender to catch up', timeoutMs: 30_000 });
    // Sent twice to the provider, both times under the message's id: a provider that honours the
    // idempotency key (Acme's does, like Stripe-style APIs) delivers it once.
    expect(received.slice(before)).to.deep.equal([reply.id]);
    expect(received.filter((k) => k === reply.id)).to.have.length(2);
  });
});
