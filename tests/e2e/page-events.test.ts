import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestUser, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import automation from '@bacon/plugin-automation';

const ORIGIN = 'http://shop.test.local';

/** A visitor's token and headers, opened as widget.js does (signed config, then session). */
async function openVisitor(url: string, siteKey: string): Promise<Record<string, string>> {
  const cfg = await fetch(`${url}/widget/v1/config?siteKey=${siteKey}`, { headers: { origin: ORIGIN } });
  const { signed } = (await cfg.json()) as { signed: string };
  const res = await fetch(`${url}/widget/v1/session`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ siteKey, config: signed }),
  });
  const { token } = (await res.json()) as { token: string };
  return { authorization: `Bearer ${token}`, origin: ORIGIN, 'content-type': 'application/json' };
}

describe('page events from the widget fire automation rules (POST /widget/v1/page-events)', function () {
  this.timeout(180_000);
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let tenantId: string;
  let siteKey: string;
  let visitor: Record<string, string>;
  let conversationId: string;

  const post = (path: string, body: unknown, headers = visitor) =>
    fetch(`${host.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const pageEvent = (body: Record<string, unknown>) => post('/widget/v1/page-events', body);
  const rule = async (name: string, definition: unknown) => {
    const res = await post('/api/v1/automation-rules', { name, definition }, { ...admin.headers, 'content-type': 'application/json' });
    expect(res.status, await res.clone().text()).to.equal(201);
    return ((await res.json()) as { id: string }).id;
  };
  const firings = (ruleId: string) =>
    host.services.db.knex('automation_evaluations').where({ rule_id: ruleId }).whereNot({ status: 'running' }) as Promise<
      { status: string; error: string | null }[]
    >;

  before(async () => {
    host = await startTestHost({
      config: { eventsPollMs: 100, eventsLeaseMs: 1500, rateWidgetIp: '100000/60', rateWidgetSite: '100000/60' },
      plugins: [
        inbox,
        channelsPlugin(),
        automation,
        definePlugin({
          id: 'inbox-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    admin = await createTestUser(host, { role: 'admin' });
    tenantId = admin.user.tenantId;
    const made = await post(
      '/api/v1/site-keys',
      { name: 'Shop', allowedOrigins: [ORIGIN] },
      { ...admin.headers, 'content-type': 'application/json' },
    );
    siteKey = ((await made.json()) as { key: string }).key;
    visitor = await openVisitor(host.url, siteKey);
    const started = await post('/widget/v1/conversations', { text: 'Hello', clientMessageId: randomBytes(9).toString('base64url') });
    conversationId = ((await started.json()) as { conversation: { id: string } }).conversation.id;
  });
  after(async () => host?.close());

  it('sends a quick-reply card when the visitor opens the pricing page, and tags a long checkout visit once', async () => {
    const card = await rule('pricing help', {
      triggers: [{ type: 'page.viewed', urlPattern: '/pricing$' }],
      conditions: { match: 'all', items: [{ field: 'conversation.id', op: 'present' }] },
      actions: [
        {
          type: 'send_message',
          text: 'Questions about {{page.title}}?',
          components: [
            {
              type: 'quick_replies',
              text: 'Questions about {{page.title}}?',
              options: [
                { label: 'Compare plans', value: 'compare' },
                { label: 'Talk to sales', value: 'sales' },
              ],
            },
          ],
        },
      ],
    });
    const slow = await rule('slow checkout', {
      triggers: [{ type: 'page.viewed', titleContains: 'checkout', minSecondsOnPage: 30, attributes: { plan: 'pro' } }],
      actions: [{ type: 'add_tag', tags: ['slow-checkout'] }],
    });

    expect(
      (await pageEvent({ url: 'https://shop.test.local/pricing', title: 'Pricing', secondsOnPage: 0, conversationId })).status,
    ).to.equal(204);
    await waitFor(async () => (await firings(card)).length === 1, { what: 'the pricing rule to fire' });
    const [fired] = await firings(card);
    expect(fired!.status, fired!.error ?? '').to.equal('done');
    const sent = (await api.listMessagesSince(tenantId, conversationId, 0)).at(-1)!;
    expect(sent.authorKind).to.equal('bot');
    expect(sent.body).to.equal('Questions about Pricing?');
    expect((sent.payload as { components: { text: string }[] }).components[0]!.text).to.equal('Questions about Pricing?');

    const checkout = { url: 'https://shop.test.local/checkout', title: 'Checkout', attributes: { plan: 'pro' }, conversationId };
    for (const [secondsOnPage, previousSeconds] of [[0], [15, 0], [30, 15], [60, 30]] as [number, number?][]) {
      expect((await pageEvent({ ...checkout, secondsOnPage, previousSeconds })).status).to.equal(204);
    }
    // Events of one conversation are evaluated in order: once this later page load fires the card rule, the checkout reports are done.
    await pageEvent({ url: 'https://shop.test.local/pricing', title: 'Pricing', secondsOnPage: 0, conversationId });
    await waitFor(async () => (await firings(card)).length === 2, { what: 'the second pricing visit' });
    expect(await firings(slow)).to.have.length(1);
    expect((await api.getConversation(tenantId, conversationId))!.tags).to.deep.equal(['slow-checkout']);
  });

  it("keeps a page event without a conversation (or with another visitor's) out of conversation rules", async () => {
    const stranger = await openVisitor(host.url, siteKey);
    const res = await post('/widget/v1/page-events', { url: 'https://shop.test.local/about', secondsOnPage: 0, conversationId }, stranger);
    expect(res.status).to.equal(204);
    const row = await waitFor(
      () => host.services.db.knex('host_events').where({ topic: 'page.viewed', tenant_id: tenantId }).orderBy('id', 'desc').first(),
      { what: 'the page event in the log' },
    );
    const payload = typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload;
    expect(payload.conversationId).to.equal(null);
    expect(row.key).to.match(/^visitor:v:/);
    expect(payload.page).to.deep.include({ url: 'https://shop.test.local/about', secondsOnPage: 0 });
  });

  it('refuses a malformed page event with 400 and a rule with an unknown component type with a clear 400', async () => {
    for (const body of [
      { secondsOnPage: 0 },
      { url: 'javascript:alert(1)', secondsOnPage: 0 },
      { url: 'https://x.test/', secondsOnPage: -1 },
    ]) {
      const res = await pageEvent(body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
    }
    const res = await post(
      '/api/v1/automation-rules',
      {
        name: 'bad card',
        definition: {
          triggers: [{ type: 'page.viewed' }],
          actions: [{ type: 'send_message', text: 'x', components: [{ type: 'carousel' }] }],
        },
      },
      { ...admin.headers, 'content-type': 'application/json' },
    );
    expect(res.status).to.equal(400);
    const { error } = (await res.json()) as { error: { code: string; details: { errors: { field: string }[] } } };
    expect(error.code).to.equal('message_components_invalid');
    expect(error.details.errors[0]!.field).to.equal('body/definition/actions/0/components/0/type');
  });
});
