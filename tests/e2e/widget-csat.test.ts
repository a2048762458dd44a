import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import analytics from '@bacon/plugin-analytics';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, launchChromium, loopbackContext, signIn } from './console-support.js';

/**
 * The CSAT survey as people meet it: a visitor writes from the widget, an agent closes the
 * conversation, the widget asks for a rating (still there after a reload), the visitor gives 4 with a
 * comment, and the agent sees the rating on the conversation and in Reports.
 */
describe('the CSAT survey from the widget to the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let agent: TestUser;
  let siteKey: string;
  let browser: Browser;
  let widget: Page;
  let console_: Page;
  let pageErrors: string[];
  const question = 'How would you rate this conversation?';

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      plugins: [inbox, analytics, channelsPlugin(), ...uiPlugins()],
      config: { eventsPollMs: 100, rateWidgetIp: '1000/60' },
    });
    const admin = await createTestUser(host, { role: 'admin' });
    agent = await createTestUser(host, {
      role: 'agent',
      tenantId: admin.user.tenantId,
      email: 'cas@example.test',
      password: 'correct-horse-battery',
      name: 'Cas Agent',
    });
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Shop', allowedOrigins: [new URL(host.url).origin] }),
    });
    siteKey = ((await res.json()) as { key: string }).key;
    browser = await launchChromium();
    widget = (await loopbackContext(browser)).page;
    ({ page: console_, errors: pageErrors } = await loopbackContext(browser));
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('asks the visitor after the close, keeps asking across a reload, and shows the rating to the agent', async () => {
    await widget.goto(`${host.url}/demo?siteKey=${siteKey}`);
    await widget.locator('#bacon-widget button.launcher').click();
    const input = widget.getByLabel('Your message');
    await input.fill('My parcel never came.');
    await input.press('Enter');
    await widget.getByRole('log').getByText('My parcel never came.').waitFor();
    const conversationId = await waitFor(
      async () => {
        const saved = await widget.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
        return (JSON.parse(saved ?? '{}') as { conversationId?: string }).conversationId;
      },
      { what: 'the widget to remember its conversation' },
    );

    // The agent answers and closes it through the API, as the console does.
    const call = (path: string, body: object) =>
      fetch(`${host.url}/api/v1/conversations/${conversationId}${path}`, {
        method: 'POST',
        headers: { ...agent.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await call('/messages', { text: 'A new one is on its way.' })).status).to.be.lessThan(300);
    expect((await call('/transition', { to: 'closed' })).status).to.equal(200);

    const survey = widget.locator('form.csat');
    await survey.getByText(question).waitFor({ timeout: 30_000 });
    // Reloaded before answering: the closed conversation loads with its survey again.
    await widget.reload();
    await survey.getByText(question).waitFor({ timeout: 30_000 });
    await survey.getByRole('radio', { name: '4 of 5' }).check();
    await survey.getByLabel('Comment (optional)').fill('Quick and kind, thanks');
    await survey.getByRole('button', { name: 'Send rating' }).click();
    await widget.getByText('Thank you for your feedback!').waitFor();

    // The conversation's side panel.
    await signIn(console_, host.url, 'cas@example.test', 'correct-horse-battery');
    await console_.goto(`${host.url}/webui.html#/inbox/${conversationId}`);
    const satisfaction = console_.getByRole('region', { name: 'Satisfaction' });
    await satisfaction.getByLabel('Rated 4 out of 5').waitFor();
    await satisfaction.getByText('Quick and kind, thanks').waitFor();

    // Reports: one survey sent, one answer of 4.
    await console_.getByRole('link', { name: 'Reports' }).click();
    await console_.getByText('1 answers to 1 surveys (100% response rate)').waitFor();
    const csat = console_.getByRole('term').filter({ hasText: /^CSAT$/ });
    expect(await csat.locator('xpath=following-sibling::dd').textContent()).to.equal('4.00');
    expect(pageErrors).to.deep.equal([]);
  });
});
