import { expect } from 'chai';
import type { Knex } from 'knex';
import type { PluginChannelAdapters, ReplyWindow } from '@bacon/sdk';
import { replyWindowCheck } from '../src/reply-window-check.js';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CONV = '00000000-0000-4000-8000-000000000002';

/** The one query the check makes (`channels_threads` by tenant and conversation), answered from `row`. */
const fakeDb = (row: Record<string, unknown> | undefined) => (() => ({ where: () => ({ first: async () => row }) })) as unknown as Knex;

const thread = { tenant_id: TENANT, conversation_id: CONV, plugin_id: 'twilio-whatsapp', channel: 'whatsapp', last_inbound_at: new Date() };

function adapters(answer: () => ReplyWindow): PluginChannelAdapters & { calls: number } {
  const a = {
    calls: 0,
    list: () => [],
    get: () => ({
      pluginId: 'twilio-whatsapp',
      tier: 'sandboxed' as const,
      name: 'whatsapp',
      supports: ['text'],
      methods: ['send', 'replyWindow'],
    }),
    call: async <T>() => {
      a.calls++;
      return answer() as T;
    },
    enabledTenants: async () => [TENANT],
  };
  return a;
}

const closed: ReplyWindow = {
  open: false,
  closesAt: null,
  whenClosed: 'templates',
  templates: [{ name: 'order_update' }],
  reason: 'WhatsApp allows free-form replies only within 24 hours.',
};
const refusal = (p: void | Promise<void>) =>
  Promise.resolve(p).then(
    () => undefined,
    (err: { code?: string; status?: number; message?: string; details?: Record<string, unknown> }) => err,
  );

describe('the reply-window check at send time', () => {
  it('lets a reply through while the window is open, and on a conversation no provider channel carries', async () => {
    const a = adapters(() => ({
      open: true,
      closesAt: new Date(Date.now() + 3600_000).toISOString(),
      whenClosed: 'templates',
      templates: [],
    }));
    await replyWindowCheck({ db: fakeDb(thread), adapters: a })({
      tenantId: TENANT,
      conversationId: CONV,
      message: { authorId: null, text: 'hi' },
    });
    expect(a.calls).to.equal(1);
    const none = adapters(() => closed);
    await replyWindowCheck({ db: fakeDb(undefined), adapters: none })({
      tenantId: TENANT,
      conversationId: CONV,
      message: { authorId: null, text: 'hi' },
    });
    expect(none.calls).to.equal(0);
  });

  it('refuses free-form text while closed with 409 channel_window_closed, naming the templates; an approved template goes', async () => {
    const check = replyWindowCheck({ db: fakeDb(thread), adapters: adapters(() => closed) });
    const err = await refusal(check({ tenantId: TENANT, conversationId: CONV, message: { authorId: null, text: 'hello?' } }));
    expect(err).to.include({ code: 'channel_window_closed', status: 409 });
    expect(err!.message).to.contain('24 hours').and.contain('order_update');
    expect(err!.details).to.deep.include({ channel: 'whatsapp', templates: ['order_update'] });
    const unknown = await refusal(
      check({
        tenantId: TENANT,
        conversationId: CONV,
        message: { authorId: null, text: 'x', components: [{ type: 'template', name: 'other' }] },
      }),
    );
    expect(unknown).to.include({ code: 'channel_window_closed' });
    await check({
      tenantId: TENANT,
      conversationId: CONV,
      message: { authorId: null, text: 'x', components: [{ type: 'template', name: 'order_update' }] },
    });
  });

  it('refuses everything when nothing may go while closed (Messenger without the tag)', async () => {
    const check = replyWindowCheck({
      db: fakeDb({ ...thread, plugin_id: 'messenger', channel: 'messenger' }),
      adapters: adapters(() => ({ ...closed, whenClosed: 'nothing', templates: [] })),
    });
    const err = await refusal(
      check({
        tenantId: TENANT,
        conversationId: CONV,
        message: { authorId: null, text: 'x', components: [{ type: 'template', name: 'order_update' }] },
      }),
    );
    expect(err).to.include({ code: 'channel_window_closed' });
    expect(err!.details).to.deep.include({ templates: [] });
  });

  it('lets the message through when the plugin fails to answer (its send reports the failure instead)', async () => {
    const a = adapters(() => {
      throw Object.assign(new Error('the plugin crashed'), { code: 'plugin_unavailable', status: 503 });
    });
    await replyWindowCheck({ db: fakeDb(thread), adapters: a })({
      tenantId: TENANT,
      conversationId: CONV,
      message: { authorId: null, text: 'hi' },
    });
    expect(a.calls).to.equal(1);
  });
});
