import { expect } from 'chai';
import nock from 'nock';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, requestJson, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import type { InboxApi } from '@bacon/inbox-contract';

const ENTRY = new URL('../src/index.ts', import.meta.url).pathname;
const parley = () => nock('https://api.parley-chat.example').matchHeader('authorization', 'Bearer parley-token');
const message = (id: string, text: string) => ({
  id,
  conversation: 'room-7',
  from: { id: 'user-42', name: 'Grace' },
  text,
  sent_at: new Date().toISOString(),
});

describe('a polling channel (examples/polling-channel)', function () {
  this.timeout(120_000);
  let host: TestHost;
  let admin: TestUser;
  let api!: InboxApi;
  const call = (method: string, path: string, body?: unknown) => requestJson(host.url, admin.headers, method, path, body);
  const texts = async () => {
    const c = await api.findConversationByExternalId(admin.user.tenantId, 'parley', 'room-7');
    return c ? (await api.listMessagesSince(admin.user.tenantId, c.id, 0)).map((m) => m.body) : [];
  };
  const state = () => host.services.db.knex('channels_poll_state').where({ tenant_id: admin.user.tenantId, plugin_id: 'parley' }).first();

  before(async () => {
    const probe = definePlugin({
      id: 'probe',
      version: '0.0.0',
      dependencies: { inbox: '*' },
      init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
    });
    host = await startTestHost({
      plugins: [inbox, channelsPlugin({ polling: { seedEveryMs: 200, intervalSeconds: 1 }, sender: { retryBaseMs: 20 } }), probe, ENTRY],
      pluginOptions: { dnsLookup: async () => [{ address: '93.184.216.34', family: 4 }] },
    });
    admin = await createTestUser(host, { role: 'admin' });
  });
  after(async () => {
    nock.cleanAll();
    await host?.close();
  });

  it('polls messages in, keeps the cursor, stores a page served twice once and retries a failed poll from the same cursor', async () => {
    const first = parley()
      .get('/v1/messages')
      .query({ limit: '50' })
      .reply(200, { messages: [message('p-1', 'Hello from Parley'), message('p-2', 'Anyone there?')], next_cursor: 'c2' });
    // The next poll fails once; the one after gets p-2 again (served twice) and p-3.
    const failed = parley().get('/v1/messages').query({ limit: '50', after: 'c2' }).reply(503);
    const again = parley()
      .get('/v1/messages')
      .query({ limit: '50', after: 'c2' })
      .reply(200, { messages: [message('p-2', 'Anyone there?'), message('p-3', 'Still waiting')], next_cursor: 'c3' });
    parley().get('/v1/messages').query({ limit: '50', after: 'c3' }).reply(200, { messages: [], next_cursor: null }).persist();

    expect((await call('PUT', '/api/v1/plugins/parley/settings', { apiToken: 'parley-token' })).status).to.equal(200);
    expect((await call('POST', '/api/v1/plugins/parley/enable', { grants: ['http', 'secrets'] })).status).to.equal(200);

    await waitFor(async () => ((await texts()).length >= 2 ? true : undefined), { what: 'the first page', timeoutMs: 60_000 });
    expect(first.isDone()).to.equal(true);
    await waitFor(async () => ((await texts()).includes('Still waiting') ? true : undefined), {
      what: 'the page after a failed poll',
      timeoutMs: 60_000,
    });
    expect(failed.isDone() && again.isDone()).to.equal(true);
    expect(await texts()).to.deep.equal(['Hello from Parley', 'Anyone there?', 'Still waiting']);
    // The cursor moved on only after the page committed; the empty poll after it kept it.
    await waitFor(async () => ((await state())?.polled_at ? true : undefined), { what: 'a recorded poll' });
    expect((await state()).cursor).to.equal('c3');
  });

  it('sends a reply through the adapter', async () => {
    const c = (await api.findConversationByExternalId(admin.user.tenantId, 'parley', 'room-7'))!;
    let posted: Record<string, unknown> | undefined;
    parley()
      .post('/v1/messages')
      .reply(201, (_uri, body) => ((posted = body as Record<string, unknown>), { id: 'p-out-1' }));
    const reply = await call('POST', `/api/v1/conversations/${c.id}/messages`, { text: 'Yes, here!' });
    expect(reply.status).to.equal(201);
    const sent = await waitFor(
      async () =>
        ((await call('GET', `/api/v1/channels/conversations/${c.id}/deliveries`)).body.deliveries as any[]).find(
          (d) => d.messageId === reply.body.id && d.status === 'sent',
        ),
      { what: 'the reply sent' },
    );
    expect(sent.externalId).to.equal('p-out-1');
    expect(posted).to.deep.equal({ conversation: 'room-7', text: 'Yes, here!', client_ref: reply.body.id });
  });
});
