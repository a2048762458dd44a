import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

/** A site key's widget settings set in the console, as the visitor meets them: colours, away hours, pre-chat email. */
describe('widget settings per site key, from the console to the widget', function () {
  this.timeout(240_000);
  let host: TestHost;
  let api: InboxApi;
  let admin: TestUser;
  let siteKey: string;
  let browser: Browser;
  let console_: Page;
  let visitor: Page;
  const widget = () => visitor.locator('#bacon-widget');

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      config: { rateWidgetIp: '1000/60' },
      plugins: [
        inbox,
        channelsPlugin(),
        ...uiPlugins(),
        definePlugin({
          id: 'inbox-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    admin = await createTestUser(host, { role: 'admin', name: 'Ada Admin', email: 'ada@sites.test', password: 'correct-horse-battery' });
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Shop', allowedOrigins: [new URL(host.url).origin] }),
    });
    siteKey = ((await res.json()) as { key: string }).key;
    browser = await launchChromium();
    ({ page: console_ } = await loopbackContext(browser));
    ({ page: visitor } = await loopbackContext(browser));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('sets a light accent (text turns dark by itself), away hours and a required email; overrides are marked', async () => {
    await signIn(console_, host.url, 'ada@sites.test', 'correct-horse-battery');
    await console_.goto(`${host.url}/webui.html#/admin/site-keys`);
    const form = console_.getByRole('form', { name: 'Widget for Shop' });
    await form.waitFor();
    await form.getByLabel('Accent colour').fill('#ffeb3b');
    await form.getByText('(meets WCAG AA)').waitFor();
    // A white text on yellow is below AA: said at once, refused on save.
    await form.getByLabel('Text colour on the accent').selectOption('#ffffff');
    await form.getByText('(below WCAG AA 4.5:1: pick another colour)').waitFor();
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await form.getByRole('alert').filter({ hasText: 'WCAG AA needs 4.5:1' }).waitFor();
    await form.getByLabel('Text colour on the accent').selectOption('auto');
    await form.getByLabel('Pre-chat form: email').selectOption('required');
    await form.getByLabel('Expected reply time').selectOption('day');
    await form.getByLabel('Open only at set hours (outside them the widget asks for an email)').check();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) await form.getByLabel(day, { exact: true }).uncheck();
    await form.getByRole('button', { name: 'Save widget settings' }).click();
    await form.getByText('Now: away (as last saved).').waitFor();
    expect(await form.locator('.field[data-overridden="true"]').count()).to.be.greaterThan(2);
    expect(await form.locator('[data-overridden="true"] .badge', { hasText: 'Overridden' }).count()).to.be.greaterThan(2);
    expect(await form.locator('.field[data-overridden="false"] label', { hasText: 'Title' }).count()).to.equal(1);
    expect(await seriousViolations(console_)).to.deep.equal([]);
    await docScreenshot(console_, 'admin-widget-settings');
  });

  it('the widget shows the away notice, asks for the email, and the answer address lands on the contact', async () => {
    await visitor.goto(`${host.url}/demo?siteKey=${siteKey}`);
    await widget().locator('button.launcher').click();
    await widget().locator('.pre', { hasText: "We're away right now. Leave your email and we'll answer you there." }).waitFor();
    const header = await widget()
      .locator('header')
      .evaluate((h) => getComputedStyle(h).color);
    expect(header).to.equal('rgb(26, 26, 26)');
    await widget().locator('textarea').fill('Is the shop open on Sunday?');
    await widget().locator('textarea').press('Enter');
    await widget().locator('.error', { hasText: 'Please fill in Your email.' }).waitFor();
    await widget().locator('input[name=email]').fill('sam@visitor.test');
    await widget().locator('textarea').press('Enter');
    await widget().locator('.msg.mine', { hasText: 'Is the shop open on Sunday?' }).waitFor();
    await widget().locator('.pre').waitFor({ state: 'hidden' });
    const cid = await waitFor(
      async () =>
        (JSON.parse((await visitor.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey)) ?? '{}') as { conversationId?: string })
          .conversationId,
      { what: 'the conversation id' },
    );
    const contactId = (await api.getConversation(admin.user.tenantId, cid))!.contactId;
    const contact = await fetch(`${host.url}/api/v1/contacts/${contactId}`, { headers: admin.headers });
    expect(JSON.stringify(await contact.json())).to.include('sam@visitor.test');
  });
});
