import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestUser, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import automation from '@bacon/plugin-automation';
import { widgetPlugin } from '@bacon/widget';

describe('a page-metadata rule sends the widget a quick-reply card (browser)', function () {
  this.timeout(120_000);
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let siteKey: string;
  let browser: Browser;
  let page: Page;

  const conversationId = async () => {
    const saved = await page.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
    return (JSON.parse(saved ?? '{}') as { conversationId?: string }).conversationId;
  };
  const asAdmin = (path: string, body: unknown) =>
    fetch(`${host.url}${path}`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    await widgetPlugin().prepare?.({ force: false, out: () => undefined });
    host = await startTestHost({
      config: { rateWidgetIp: '1000/60', eventsPollMs: 100, eventsLeaseMs: 1500 },
      plugins: [
        inbox,
        channelsPlugin(),
        widgetPlugin(),
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
    const res = await asAdmin('/api/v1/site-keys', { name: 'Demo', allowedOrigins: [new URL(host.url).origin] });
    siteKey = ((await res.json()) as { key: string }).key;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
    page = await browser.newPage();
    await page.route('**/*', (route) =>
      /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(route.request().url()) ? route.continue() : route.abort(),
    );
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('shows the card after a reload of the demo page, and the click reaches the inbox with its value', async () => {
    const rule = await asAdmin('/api/v1/automation-rules', {
      name: 'demo page help',
      definition: {
        triggers: [{ type: 'page.viewed', urlPattern: '/demo\\?', titleContains: 'widget demo' }],
        conditions: { match: 'all', items: [{ field: 'conversation.id', op: 'present' }] },
        actions: [
          {
            type: 'send_message',
            text: 'Need a hand with this page?',
            components: [
              {
                type: 'quick_replies',
                text: 'Need a hand with this page?',
                options: [
                  { label: 'Show me around', value: 'tour' },
                  { label: 'No thanks', value: 'no' },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(rule.status, await rule.clone().text()).to.equal(201);

    await page.goto(`${host.url}/demo?siteKey=${siteKey}`);
    await page.locator('#bacon-widget button.launcher').click();
    const input = page.getByLabel('Your message');
    await input.fill('Hello there');
    await input.press('Enter');
    await page.getByRole('log').locator('.msg.mine', { hasText: 'Hello there' }).waitFor();
    const cid = await conversationId();
    expect(cid).to.be.a('string');

    // The first load had no conversation yet (the rule's condition says no); the reload has one.
    await page.reload();
    const card = page.getByRole('group', { name: 'Quick replies' });
    await card.waitFor({ timeout: 60_000 });
    const tour = card.getByRole('button', { name: 'Show me around' });
    // Keyboard-usable: focus the button and press Enter.
    await tour.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('log').locator('.msg.mine', { hasText: 'Show me around' }).waitFor();
    expect(await tour.getAttribute('aria-pressed')).to.equal('true');

    const messages = await waitFor(
      async () => {
        const list = await api.listMessagesSince(admin.user.tenantId, cid!, 0);
        return list.some((m) => m.body === 'Show me around') ? list : undefined;
      },
      { what: "the visitor's click in the inbox" },
    );
    expect(messages.map((m) => [m.authorKind, m.body])).to.deep.equal([
      ['contact', 'Hello there'],
      ['bot', 'Need a hand with this page?'],
      ['contact', 'Show me around'],
    ]);
    expect((messages[2]!.payload as { metadata: { reply: unknown } }).metadata.reply).to.deep.equal({
      value: 'tour',
      label: 'Show me around',
    });
  });
});
