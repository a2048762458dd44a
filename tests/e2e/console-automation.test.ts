import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import automation from '@bacon/plugin-automation';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

/** The Automation tab: a keyword rule written in the form fires on a visitor's message, and is still there after a reload. */
describe('the rule editor in the console', function () {
  this.timeout(360_000);
  let host: TestHost;
  let browser: Browser;
  let api: InboxApi | undefined;
  let admin: TestUser;

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      config: { rateLoginIp: '1000/20', eventsPollMs: 100 },
      plugins: [
        inbox,
        channelsPlugin(),
        automation,
        ...uiPlugins(),
        definePlugin({
          id: 'automation-e2e-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    admin = await createTestUser(host, { role: 'admin', name: 'Ada Admin', email: 'ada@automation.test', password: 'admin password 1' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('creates a keyword rule with the form; a matching visitor message fires it; history and a reload show it', async () => {
    const { context, page, errors } = await loopbackContext(browser);
    await signIn(page, host.url, 'ada@automation.test', 'admin password 1');
    await page.getByRole('link', { name: 'Automation' }).click();
    await page.getByRole('heading', { name: 'Automation', level: 1 }).waitFor();
    await page.getByText('No rules yet.').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('Refund replies');
    await form.getByLabel('Trigger 1').selectOption('message.received');
    await form.getByLabel(/^Keywords/).fill('refund, remboursement');
    await form.getByRole('button', { name: 'Add a condition' }).click();
    await form.getByLabel('Condition 1 field').fill('channel.id');
    await form.getByLabel('Condition 1 test').selectOption('equals');
    await form.getByLabel('Condition 1 value').fill('web');
    await form.getByLabel('Message text').fill('Sorry to hear that, {{contact.name}}: a refund specialist will write shortly.');
    await form.getByRole('button', { name: 'Add an action' }).click();
    await form.getByLabel('Action 2', { exact: true }).selectOption('transition');
    await form.getByLabel('New state').selectOption('snoozed');
    await form.getByRole('button', { name: 'Remove action 2' }).click();
    expect(await seriousViolations(page), 'rule form').to.deep.equal([]);
    await docScreenshot(page, 'console-automation');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const row = page.getByRole('row', { name: /Refund replies/ });
    await row.getByText('Message with “refund” or “remboursement”').waitFor();

    // A visitor writes on the web channel (as the widget does): the rule fires.
    const { conversation } = await api!.ingestInbound(admin.user.tenantId, {
      channel: 'web',
      externalConversationId: 'automation-e2e',
      externalMessageId: 'automation-e2e-1',
      contact: { externalId: 'automation-visitor', name: 'Grace Hopper' },
      text: 'I want a REFUND please',
    });
    const reply = await waitFor(
      async () => (await api!.listMessagesSince(admin.user.tenantId, conversation.id, 0)).find((m) => m.authorKind === 'bot'),
      { what: "the rule's reply", timeoutMs: 30_000 },
    );
    expect(reply.body).to.equal('Sorry to hear that, Grace Hopper: a refund specialist will write shortly.');
    // Its history shows the firing; a dry run on the same conversation says it would fire.
    await page.getByRole('button', { name: 'History of Refund replies' }).click();
    await page.getByRole('cell', { name: 'message.created' }).waitFor();
    await page.getByRole('cell', { name: 'send_message ok' }).waitFor();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Dry run of Refund replies' }).click();
    await page.getByLabel('Conversation id').fill(conversation.id);
    await page.getByRole('button', { name: 'Try it' }).click();
    await page.getByText('The rule would fire.').waitFor();

    // A reload reads the rule back from the server; switching it off sticks too.
    await page.reload();
    await page.getByRole('row', { name: /Refund replies/ }).waitFor();
    await page.getByLabel('Enabled: Refund replies').uncheck();
    await waitFor(
      async () => {
        const r = await fetch(`${host.url}/api/v1/automation-rules`, { headers: admin.headers });
        const rule = ((await r.json()) as { items: { name: string; enabled: boolean }[] }).items.find((x) => x.name === 'Refund replies');
        return rule?.enabled === false;
      },
      { what: 'the rule switched off' },
    );
    await page.reload();
    expect(await page.getByLabel('Enabled: Refund replies').isChecked()).to.equal(false);
    expect(await seriousViolations(page), 'automation tab').to.deep.equal([]);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('installs a preset from the console', async () => {
    const { context, page } = await loopbackContext(browser);
    await signIn(page, host.url, 'ada@automation.test', 'admin password 1');
    await page.goto(`${host.url}/#/admin/automation`);
    await page.getByRole('heading', { name: 'Presets' }).waitFor();
    await page.getByLabel('Message', { exact: true }).first().fill('Hello {{contact.name}}, welcome!');
    await page.getByRole('button', { name: 'Install Welcome message on a first visit' }).click();
    await page.getByRole('row', { name: /Welcome message/ }).waitFor();
    const r = await fetch(`${host.url}/api/v1/automation-rules`, { headers: admin.headers });
    const rule = ((await r.json()) as { items: { name: string; definition: { actions: { text?: string }[] } }[] }).items.find(
      (x) => x.name === 'Welcome message',
    );
    expect(rule?.definition.actions[0]?.text).to.equal('Hello {{contact.name}}, welcome!');
    await context.close();
  });
});
