import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn } from './console-support.js';

/**
 * The agent's day in the console, in a real browser against a real host: a visitor writes from the
 * widget demo page and the conversation appears live; the agent assigns, replies with a macro,
 * notes, snoozes, closes, reopens, and replies while offline.
 */
describe('agent console in a browser (/webui.html)', function () {
  this.timeout(180_000);
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let agent: TestUser;
  let siteKey: string;
  let browser: Browser;
  let agentCtx: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let visitor: Page;
  let conversationId: string;

  const tenantId = () => agent.user.tenantId;
  const transcript = () => page.getByRole('log', { name: 'Transcript' });
  const messages = async () =>
    (await api.listMessagesSince(tenantId(), conversationId, 0, 500)).map((m) => ({ body: m.body, kind: m.authorKind }));
  const conversation = async () => (await api.getConversation(tenantId(), conversationId))!;
  const stateShown = () => page.locator('.conv-head [data-state]').getAttribute('data-state');
  const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => {
    for (;;) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      config: { rateWidgetIp: '1000/60' },
      plugins: [
        inbox,
        channelsPlugin(),
        ...uiPlugins(),
        definePlugin({
          id: 'console-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    admin = await createTestUser(host, { role: 'admin' });
    agent = await createTestUser(host, { role: 'agent', name: 'Sam Rivera', email: 'sam@example.test', password: 'correct-horse-battery' });
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${host.url}/api/v1${path}`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `${path}: ${await res.clone().text()}`).to.be.oneOf([200, 201]);
      return (await res.json()) as Record<string, unknown>;
    };
    siteKey = (await post('/site-keys', { name: 'Demo', allowedOrigins: [new URL(host.url).origin] })).key as string;
    await post('/macros', {
      name: 'Greeting',
      body: 'Hi {{contact.name | there}}, thanks for writing in! {{agent.name}} here, looking into it now.',
      actions: [{ type: 'add_tag', tag: 'greeted' }],
    });
    await post('/macros', {
      name: 'Shipping delay',
      body: 'Sorry about the wait: parcels are taking two extra days this week.',
      actions: [],
    });
    browser = await launchChromium();
    ({ context: agentCtx, page, errors: pageErrors } = await loopbackContext(browser));
    ({ page: visitor } = await loopbackContext(browser));
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('signs in with email and password and shows the five queue columns', async () => {
    await page.goto(`${host.url}/`);
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    // A tab among many is recognisable by its icon.
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).to.match(/^data:image\/svg\+xml,/);
    await docScreenshot(page, 'console-login');
    expect(await seriousViolations(page), 'login page').to.deep.equal([]);
    await signIn(page, host.url, 'sam@example.test', 'correct-horse-battery');
    // The three-pane list is the default layout (console-inbox.test.ts); this agent works the board.
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    await page.locator('.column-head').first().waitFor();
    const columns = await page.locator('.column-head').allInnerTexts();
    expect(columns.map((c) => c.replace(/\s+\d+$/, ''))).to.deep.equal(['New', 'Assigned to me', 'Assigned', 'Snoozed', 'Closed']);
    await page.locator('.banner').waitFor({ state: 'detached' });
  });

  it('shows a new widget conversation live, with the New count going up', async () => {
    const newCount = page.locator('[data-column="new"] .count');
    expect(await newCount.getAttribute('data-count')).to.equal('0');
    await visitor.goto(`${host.url}/demo?siteKey=${siteKey}`);
    await visitor.locator('#bacon-widget button.launcher').click();
    const input = visitor.getByLabel('Your message');
    await input.fill('Hi, my order #1234 has not arrived yet.');
    await input.press('Enter');
    const card = page.locator('[data-column="new"] .card', { hasText: 'my order #1234' });
    await card.waitFor();
    expect(await newCount.getAttribute('data-count')).to.equal('1');
    conversationId = (await card.getAttribute('data-conversation-id'))!;
    await docScreenshot(page, 'console-inbox');
  });

  it('opens the conversation and assigns it to the agent', async () => {
    await page.locator(`[data-conversation-id="${conversationId}"] a`).click();
    await transcript().getByText('my order #1234').waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.locator('.conv-head [data-state="assigned"]').waitFor();
    const c = await waitFor(conversation, (x) => x.state === 'assigned');
    expect(c.assigneeId).to.equal(agent.user.id);
  });

  it('sees the visitor typing', async () => {
    await visitor.getByLabel('Your message').pressSequentially('One more thing', { delay: 20 });
    await page.getByText('is typing…').waitFor();
    await visitor.getByLabel('Your message').fill('');
  });

  it('replies with a macro picked by typing a slash, variables filled, and the macro’s actions applied', async () => {
    const box = page.getByLabel('Reply to the contact');
    await box.focus();
    await box.pressSequentially('/greet');
    await page.getByRole('option', { name: /Greeting/ }).waitFor();
    await docScreenshot(page, 'console-macro-picker');
    await box.press('Enter');
    expect(await box.inputValue()).to.equal('Hi there, thanks for writing in! Sam Rivera here, looking into it now.');
    await box.press('Control+Enter');
    await transcript().locator('.bubble-agent', { hasText: 'Sam Rivera here' }).waitFor();
    await visitor.getByText('Sam Rivera here, looking into it now.').waitFor();
    const c = await waitFor(conversation, (x) => x.tags.includes('greeted'));
    expect(c.tags).to.deep.equal(['greeted']);
    await page.locator('.chip-tag', { hasText: '#greeted' }).waitFor();
  });

  it('adds a private note that looks distinct and never reaches the visitor', async () => {
    await page.getByLabel('Reply to the contact').press('Escape');
    await page.locator('body').press('n');
    const box = page.getByLabel('Private note for your team');
    await box.fill('Customer is a VIP: offer free shipping.');
    await box.press('Control+Enter');
    const note = transcript().locator('.bubble-note', { hasText: 'offer free shipping' });
    await note.waitFor();
    expect(await note.locator('.badge-note').innerText()).to.match(/private note/i);
    await note.and(page.locator(':not(.is-pending)')).waitFor();
    expect(await visitor.getByText('offer free shipping').count()).to.equal(0);
    await docScreenshot(page, 'console-conversation');
  });

  it('snoozes with the picker, then closes and reopens with keyboard shortcuts', async () => {
    await page.getByLabel('Private note for your team').press('Escape');
    await page.locator('body').press('s');
    await page.getByRole('dialog', { name: 'Snooze until' }).waitFor();
    await page.getByRole('button', { name: 'In 1 hour' }).click();
    await page.locator('.conv-head [data-state="snoozed"]').waitFor();
    const snoozed = await waitFor(conversation, (x) => x.state === 'snoozed');
    expect(new Date(snoozed.snoozedUntil!).getTime()).to.be.greaterThan(Date.now() + 50 * 60_000);

    await page.locator('body').press('c');
    await page.locator('.conv-head [data-state="closed"]').waitFor();
    await waitFor(conversation, (x) => x.state === 'closed');

    await page.locator('body').press('o');
    await page.locator('.conv-head [data-state="assigned"]').waitFor();
    const reopened = await waitFor(conversation, (x) => x.state === 'assigned');
    expect(reopened.assigneeId).to.equal(agent.user.id);
    expect(await stateShown()).to.equal('assigned');
  });

  it('offers "Reopen and send" on a closed conversation: the reply reopens it and is delivered', async () => {
    await page.locator('body').press('c');
    await page.locator('.conv-head [data-state="closed"]').waitFor();
    await waitFor(conversation, (x) => x.state === 'closed');
    await page.getByRole('tab', { name: 'Reply' }).click();
    await page.getByLabel('Reply to the contact').fill('Following up after closing');
    await page.getByText('This conversation is closed: sending reopens it.').waitFor();
    await page.getByRole('button', { name: 'Reopen and send' }).click();
    await page.locator('.conv-head [data-state="assigned"]').waitFor();
    await waitFor(conversation, (x) => x.state === 'assigned');
    await waitFor(messages, (list) => list.some((m) => m.body === 'Following up after closing'));
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
  });

  it('queues two replies typed offline, shows them pending, and delivers both in order when back online', async () => {
    const before = (await messages()).length;
    await agentCtx.setOffline(true);
    await page.locator('.banner[data-connection="offline"]').waitFor();
    const box = page.getByLabel('Reply to the contact');
    await page.locator('body').press('r');
    await box.fill('First reply written offline.');
    await box.press('Control+Enter');
    await box.fill('Second reply written offline.');
    await box.press('Control+Enter');
    const pending = transcript().locator('[data-outbox]');
    await waitFor(
      () => pending.count(),
      (n) => n === 2,
    );
    expect(await pending.allInnerTexts()).to.satisfy((t: string[]) => t[0]!.includes('First reply') && t[1]!.includes('Second reply'));
    expect((await messages()).length).to.equal(before);
    await docScreenshot(page, 'console-offline');

    await agentCtx.setOffline(false);
    const after = await waitFor(messages, (m) => m.length === before + 2);
    expect(after.slice(-2)).to.deep.equal([
      { body: 'First reply written offline.', kind: 'agent' },
      { body: 'Second reply written offline.', kind: 'agent' },
    ]);
    await waitFor(
      () => pending.count(),
      (n) => n === 0,
    );
    await transcript().locator('.bubble-agent', { hasText: 'Second reply written offline.' }).waitFor();
    await page.locator('.banner').waitFor({ state: 'detached' });
    const seen = visitor.locator('text=/reply written offline/');
    await waitFor(
      () => seen.count(),
      (n) => n === 2,
    );
    expect(await seen.allInnerTexts()).to.deep.equal(['First reply written offline.', 'Second reply written offline.']);
  });

  it('keeps the session across a reload (refresh cookie), moves the card between columns live, and opens it from the keyboard', async () => {
    await page.reload();
    await transcript().getByText('Second reply written offline.').waitFor();
    await page.locator('body').press('Escape');
    await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor();
    await page.locator(`[data-column="mine"] [data-conversation-id="${conversationId}"]`).waitFor();
    await api.transition(tenantId(), conversationId, 'closed');
    await page.locator(`[data-column="closed"] [data-conversation-id="${conversationId}"]`).waitFor();
    expect(await page.locator('[data-column="mine"] .count').getAttribute('data-count')).to.equal('0');
    expect(await page.locator('[data-column="closed"] .count').getAttribute('data-count')).to.equal('1');
    // Keyboard only: j focuses the first card, Enter opens it, Escape goes back.
    await page.locator('body').press('j');
    await page.keyboard.press('Enter');
    await transcript().getByText('my order #1234').waitFor();
    await page.locator('body').press('Escape');
    await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor();
  });

  it('has no serious accessibility violations on the inbox and conversation views', async () => {
    await page.goto(`${host.url}/webui.html#/inbox`);
    await page.locator('.card').first().waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.goto(`${host.url}/webui.html#/inbox/${conversationId}`);
    await transcript().getByText('my order #1234').waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.goto(`${host.url}/webui.html#/shortcuts`);
    await page.getByRole('heading', { name: 'Keyboard shortcuts' }).waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('raised no script errors along the way', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
