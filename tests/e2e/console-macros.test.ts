import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createTestUser, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import { docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, startConsoleHost } from './console-support.js';

/** Macros written in the console and used at once, in another tab that was already open. */
describe('macro management in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let browser: Browser;
  let api: InboxApi;
  let admin: TestUser;
  let conversationId: string;

  before(async () => {
    ({ host, inbox: api } = await startConsoleHost());
    admin = await createTestUser(host, { role: 'admin', name: 'Ada Admin', email: 'ada@macros.test', password: 'admin password 1' });
    await createTestUser(host, { name: 'Pat', email: 'pat@macros.test', password: 'pat password 1', tenantId: admin.user.tenantId });
    ({
      conversation: { id: conversationId },
    } = await api.ingestInbound(admin.user.tenantId, {
      channel: 'web',
      externalConversationId: 'macro-conv',
      externalMessageId: 'macro-conv-1',
      contact: { externalId: 'macro-contact', name: 'Grace Hopper' },
      text: 'Can I change my delivery address?',
    }));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('creates a macro with a reply and actions; a tab opened before uses it at once', async () => {
    const { context, page: tabB, errors } = await loopbackContext(browser);
    await signIn(tabB, host.url, 'ada@macros.test', 'admin password 1');
    // Tab B: the conversation is open before the macro exists.
    await tabB.goto(`${host.url}/#/inbox/${conversationId}`);
    await tabB.getByText('Can I change my delivery address?').first().waitFor();
    const reply = tabB.getByPlaceholder(/type \/ for macros/);
    await reply.fill('/addr');
    await tabB.getByRole('option', { name: 'No macro matches' }).waitFor();
    await reply.fill('');

    // Tab A, same session: the Macros page.
    const tabA = await context.newPage();
    await tabA.goto(`${host.url}/#/macros`);
    await tabA.getByRole('heading', { name: 'Macros', level: 1 }).waitFor();
    await tabA.getByText('No macros yet.').waitFor();
    await tabA.getByRole('button', { name: 'New macro' }).click();
    await tabA.getByLabel('Name').fill('Address change');
    await tabA.getByLabel('Reply').fill('Hi {{contact.name | there}}, reply with the new address and {{agent.name}} will update it.');
    await tabA.getByText('Hi Ada Lovelace, reply with the new address and You will update it.').waitFor();
    await tabA.getByRole('button', { name: 'Add an action' }).click();
    await tabA.getByLabel('Tag').fill('address');
    await tabA.getByRole('button', { name: 'Add an action' }).click();
    await tabA.getByLabel('Action 2', { exact: true }).selectOption('set_priority');
    await tabA.getByLabel('Priority').selectOption('high');
    expect(await seriousViolations(tabA), 'macro form').to.deep.equal([]);
    await docScreenshot(tabA, 'console-macros');
    await tabA.getByRole('button', { name: 'Create macro' }).click();
    await tabA
      .getByRole('row', { name: /Address change/ })
      .getByText('Add tag “address”')
      .waitFor();
    await tabA
      .getByRole('row', { name: /Address change/ })
      .getByText('Set priority high')
      .waitFor();

    // Back in tab B, without a reload: the slash menu finds it, and sending applies its actions.
    await tabB.bringToFront();
    await reply.fill('/addr');
    await tabB.getByRole('option', { name: /Address change/ }).click();
    expect(await reply.inputValue()).to.equal('Hi Grace Hopper, reply with the new address and Ada Admin will update it.');
    await tabB.getByRole('button', { name: /^Send/ }).click();
    await tabB.getByText('Hi Grace Hopper, reply with the new address and Ada Admin will update it.').last().waitFor();
    const conv = await waitFor(
      async () => {
        const c = await api.getConversation(admin.user.tenantId, conversationId);
        return c?.tags.includes('address') && c.priority === 'high' ? c : undefined;
      },
      { what: "the macro's tag and priority on the conversation", timeoutMs: 15_000 },
    );
    expect(conv?.tags).to.include('address');
    expect(conv?.priority).to.equal('high');
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('edits and deletes a macro, and a bad name reads as a sentence', async () => {
    const { context, page } = await loopbackContext(browser);
    await signIn(page, host.url, 'ada@macros.test', 'admin password 1');
    await page.goto(`${host.url}/#/macros`);
    await page.getByRole('button', { name: 'Edit macro Address change' }).click();
    await page.getByLabel('Name').fill(' ');
    await page.getByRole('button', { name: 'Save macro' }).click();
    await page.getByRole('alert').or(page.locator('#macro-name-error')).filter({ hasText: /\S/ }).first().waitFor();
    await page.getByLabel('Name').fill('Address change (v2)');
    await page.getByRole('button', { name: 'Save macro' }).click();
    await page.getByRole('row', { name: /Address change \(v2\)/ }).waitFor();
    // The change survives a reload (the browser revalidates; the list comes from the server).
    await page.reload();
    await page.getByRole('row', { name: /Address change \(v2\)/ }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete macro Address change (v2)' }).click();
    await page.getByText('No macros yet.').waitFor();
    // The list drops the row at once; the server has it deleted when the console says so.
    await page.getByText('Deleted “Address change (v2)”.').waitFor();
    const listed = await fetch(`${host.url}/api/v1/macros`, { headers: admin.headers });
    expect(((await listed.json()) as { items: unknown[] }).items).to.deep.equal([]);
    await context.close();
  });

  it('shows agents the macros without the editing controls', async () => {
    const made = await fetch(`${host.url}/api/v1/macros`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Thanks', body: 'Thanks for your patience!' }),
    });
    expect(made.status).to.equal(201);
    const { context, page } = await loopbackContext(browser);
    await signIn(page, host.url, 'pat@macros.test', 'pat password 1');
    await page.getByRole('link', { name: 'Macros' }).click();
    await page.getByRole('row', { name: /Thanks/ }).waitFor();
    expect(await page.getByRole('button', { name: 'New macro' }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: /Edit macro/ }).count()).to.equal(0);
    expect(await seriousViolations(page), 'macros page (agent)').to.deep.equal([]);
    await context.close();
  });
});
