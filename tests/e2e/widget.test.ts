import { expect } from 'chai';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestUser, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { widgetPlugin } from '@bacon/widget';

const require = createRequire(import.meta.url);

/** Builds widget.js when missing or stale, as `npm start` does (the widget plugin's prepare). */
async function widgetBuilt(): Promise<void> {
  await widgetPlugin().prepare?.({ force: false, out: () => undefined });
}

describe('widget.js in a browser (/demo)', function () {
  this.timeout(60_000);
  let host: TestHost;
  let api: InboxApi;
  let agent: TestUser;
  let siteKey: string;
  let browser: Browser;
  let page: Page;

  const conversationId = async () => {
    const saved = await page.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
    return (JSON.parse(saved ?? '{}') as { conversationId?: string }).conversationId;
  };

  before(async () => {
    await widgetBuilt();
    host = await startTestHost({
      config: { rateWidgetIp: '1000/60' },
      plugins: [
        inbox,
        channelsPlugin(),
        widgetPlugin(),
        definePlugin({
          id: 'inbox-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    const admin = await createTestUser(host, { role: 'admin' });
    agent = await createTestUser(host, { role: 'agent' });
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Demo', allowedOrigins: [new URL(host.url).origin] }),
    });
    siteKey = ((await res.json()) as { key: string }).key;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.on('console', (m) => process.env.TEST_BROWSER_LOG && console.log('[browser]', m.text()));
    page.on('pageerror', (e) => process.env.TEST_BROWSER_LOG && console.log('[pageerror]', e.message));
    // Nothing beyond loopback, whatever the page asks for.
    await page.route('**/*', (route) =>
      /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(route.request().url()) ? route.continue() : route.abort(),
    );
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('opens from the demo page, sends a message and shows the agent reply and a quick-reply card', async () => {
    await page.goto(`${host.url}/demo?siteKey=${siteKey}`);
    const launcher = page.locator('#bacon-widget button.launcher');
    await launcher.click();
    await expect(await launcher.getAttribute('aria-expanded')).to.equal('true');
    const input = page.getByLabel('Your message');
    await input.fill('Where is my parcel?');
    await input.press('Enter');
    const log = page.getByRole('log');
    await log.getByText('Where is my parcel?').waitFor();
    const cid = await conversationId();
    expect(cid).to.be.a('string');
    await api.sendAgentMessage(agent.user.tenantId, cid!, { authorId: agent.user.id, text: 'Let me check that for you.' });
    await api.sendAgentMessage(agent.user.tenantId, cid!, {
      authorId: agent.user.id,
      text: 'What would you like to do?',
      components: [
        {
          type: 'quick_replies',
          text: 'What would you like to do?',
          options: [
            { label: 'Track my order', value: 'track' },
            { label: 'Talk to a human', value: 'human' },
          ],
        },
      ],
    });
    await log.getByText('Let me check that for you.').waitFor();
    const quick = page.getByRole('button', { name: 'Track my order' });
    await quick.waitFor();
    await quick.click();
    await log.locator('.msg.mine', { hasText: 'Track my order' }).waitFor();
    const messages = await api.listMessagesSince(agent.user.tenantId, cid!, 0);
    expect(messages.map((m) => m.body)).to.deep.equal([
      'Where is my parcel?',
      'Let me check that for you.',
      'What would you like to do?',
      'Track my order',
    ]);
    expect(messages[3]!.payload).to.deep.include({
      metadata: {
        page: { url: `${host.url}/demo?siteKey=${siteKey}`, title: 'Bacon widget demo', referrer: '' },
        reply: { value: 'track', label: 'Track my order' },
        siteKey,
      },
    });
  });

  it('has no serious or critical axe-core violations with the chat open', async () => {
    // Through the DevTools protocol: the page's CSP (script-src 'self') stays in force for the widget.
    await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      const result = await axe.run({ include: [['#bacon-widget']] }, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).to.deep.equal([]);
  });

  it('keeps the conversation across a page reload', async () => {
    const before = await conversationId();
    await page.reload();
    const log = page.getByRole('log');
    await log.getByText('Let me check that for you.').waitFor();
    expect(await conversationId()).to.equal(before);
    expect(await page.locator('#bacon-widget button.launcher').getAttribute('aria-expanded')).to.equal('true');
    await api.sendAgentMessage(agent.user.tenantId, before!, { authorId: agent.user.id, text: 'Still here after the reload.' });
    await log.getByText('Still here after the reload.').waitFor();
    // The greeting stays at the top of the conversation, and every message shows when it was sent.
    const children = await log.evaluate((el) => [...el.children].map((c) => c.className));
    expect(children[0]).to.equal('greet');
    expect(await log.locator('p.greet').innerText()).to.equal('Hi! How can we help?');
    const bubbles = await log.locator('.msg').count();
    expect(bubbles).to.be.at.least(5);
    const stamps = await log.locator('.msg time').evaluateAll((ts) => ts.map((t) => (t as HTMLTimeElement).dateTime));
    expect(stamps).to.have.length(bubbles);
    for (const iso of stamps) expect(Number.isNaN(Date.parse(iso))).to.equal(false);
  });

  it('shows an agent reply in the safe Markdown subset, and HTML in it as text', async () => {
    const cid = await conversationId();
    await api.sendAgentMessage(agent.user.tenantId, cid!, {
      authorId: agent.user.id,
      text: 'Your order is **on its way**: track it [here](https://shop.example/track/42) or read `#1042`.\n- one\n- two\n<img src=x onerror="window.__owned=1">',
    });
    const log = page.getByRole('log');
    const bubble = log.locator('.msg', { hasText: 'on its way' }).last();
    await bubble.waitFor();
    expect(await bubble.locator('strong').innerText()).to.equal('on its way');
    expect(await bubble.locator('code').innerText()).to.equal('#1042');
    expect(await bubble.locator('li').allInnerTexts()).to.deep.equal(['one', 'two']);
    const link = bubble.getByRole('link', { name: 'here' });
    expect(await link.getAttribute('href')).to.equal('https://shop.example/track/42');
    expect(await link.getAttribute('rel')).to.match(/noopener/);
    // The tag is shown as text, never made an element, and its handler never ran.
    expect(await bubble.locator('img').count()).to.equal(0);
    expect(await bubble.innerText()).to.include('<img src=x onerror=');
    expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).to.equal(undefined);
  });

  it("speaks the visitor's browser language, and the page's own language when it sets one", async () => {
    const fr = await browser.newContext({ locale: 'fr-FR' });
    const en = await browser.newContext({ locale: 'en-US' });
    try {
      const p = await fr.newPage();
      await p.goto(`${host.url}/demo?siteKey=${siteKey}`);
      await p.getByRole('button', { name: 'Ouvrir la discussion' }).click();
      await p.getByRole('heading', { name: 'Discutons' }).waitFor();
      expect(await p.locator('#bacon-panel').getAttribute('lang')).to.equal('fr');
      const input = p.getByLabel('Votre message');
      await input.fill('Bonjour');
      await p.getByRole('button', { name: 'Envoyer' }).click();
      await p.getByRole('log').locator('.msg.mine', { hasText: 'Bonjour' }).waitFor();
      expect(await p.getByRole('log').locator('p.greet').innerText()).to.equal('Bonjour ! Comment pouvons-nous vous aider ?');

      // An English browser on a page that says data-language="fr".
      const q = await en.newPage();
      await q.route(`${host.url}/page-in-french`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html lang="fr"><title>Boutique</title><body><script src="/widget.js" data-site-key="${siteKey}" data-language="fr"></script></body></html>`,
        }),
      );
      await q.goto(`${host.url}/page-in-french`);
      await q.getByRole('button', { name: 'Ouvrir la discussion' }).click();
      await q.getByLabel('Votre message').waitFor();
      // And the same browser on the demo page (no data-language) gets English: the catalog is really chosen per page.
      // (The chat is open there too: the session, kept per site, remembers it.)
      const r = await en.newPage();
      await r.goto(`${host.url}/demo?siteKey=${siteKey}`);
      await r.getByRole('button', { name: 'Close chat', exact: true }).first().waitFor();
      await r.getByLabel('Your message').waitFor();
    } finally {
      await fr.close();
      await en.close();
    }
  });

  it('is driven by window.Bacon: close, open and on(message)', async () => {
    await page.evaluate(() => (window as unknown as { Bacon: { close(): void } }).Bacon.close());
    await page.locator('#bacon-panel').waitFor({ state: 'hidden' });
    await page.evaluate(() => {
      const w = window as unknown as { Bacon: { open(): void; on(e: string, f: (m: unknown) => void): void }; seen: unknown[] };
      w.seen = [];
      w.Bacon.on('message', (m) => w.seen.push(m));
      w.Bacon.open();
    });
    await page.locator('#bacon-panel').waitFor({ state: 'visible' });
    const cid = await conversationId();
    await api.sendAgentMessage(agent.user.tenantId, cid!, { authorId: agent.user.id, text: 'An event for the page.' });
    await page.waitForFunction(() =>
      (window as unknown as { seen: { text: string }[] }).seen.some((m) => m.text === 'An event for the page.'),
    );
  });
});
