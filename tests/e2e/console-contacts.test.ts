import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi, InboundInput } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

/** Who the customer is: the contact panel, editing and merging a contact, and the Contacts page. */
describe('contacts in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let api: InboxApi;
  let agent: TestUser;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let current: string;
  let duplicateConv: string;

  const panel = () => page.locator('aside.side-panel');
  let n = 0;
  const arrive = async (thread: string, contact: InboundInput['contact'], text: string, metadata?: Record<string, unknown>) =>
    (
      await api.ingestInbound(agent.user.tenantId, {
        channel: 'web',
        externalConversationId: thread,
        externalMessageId: `m-${++n}-${thread}`,
        contact,
        text,
        ...(metadata ? { metadata } : {}),
      })
    ).conversation.id;

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      plugins: [
        inbox,
        channelsPlugin(),
        ...uiPlugins(),
        definePlugin({
          id: 'contacts-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    agent = await createTestUser(host, { role: 'agent', name: 'Lea', email: 'lea@contacts.test', password: 'correct-horse-battery' });
    const maria = { externalId: 'u:customer-42', name: 'Maria', attributes: { plan: 'pro' } };
    await arrive('older', maria, 'Last month: my invoice is wrong.');
    await api.transition(agent.user.tenantId, (await api.findConversationByExternalId(agent.user.tenantId, 'web', 'older'))!.id, 'closed');
    duplicateConv = await arrive('dup', { externalId: 'v:anonymous-7', email: 'maria.dup@contacts.test' }, 'Hello? (from another browser)');
    current = await arrive('current', maria, 'The checkout button does nothing.', {
      page: { url: 'https://shop.example/checkout?step=2', title: 'Checkout – Shop', referrer: 'https://search.example/' },
    });
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('shows who the contact is beside the conversation: identity, page, attributes, other conversations', async () => {
    await signIn(page, host.url, 'lea@contacts.test', 'correct-horse-battery');
    await page.goto(`${host.url}/webui.html#/inbox/${current}`);
    await panel().getByRole('heading', { name: 'Maria' }).waitFor();
    const text = await panel().innerText();
    for (const s of ['customer-42', 'Checkout – Shop', 'https://shop.example/checkout?step=2', 'https://search.example/', 'plan', 'pro'])
      expect(text, s).to.include(s);
    await panel().getByRole('link', { name: 'Last month: my invoice is wrong.' }).waitFor();
  });

  it('edits the contact; the change survives a reload', async () => {
    await panel().getByRole('button', { name: 'Edit' }).click();
    await panel().getByLabel('Name').fill('Maria Silva');
    await panel().getByLabel('Phone').fill('+351 912 345 678');
    await panel().getByLabel('Email').fill('not an email');
    await panel().getByRole('button', { name: 'Save contact' }).click();
    await panel().getByRole('alert').waitFor();
    await panel().getByLabel('Email').fill('maria@contacts.test');
    await panel().getByRole('button', { name: 'Save contact' }).click();
    await panel().getByRole('heading', { name: 'Maria Silva' }).waitFor();
    await page.reload();
    await panel().getByRole('heading', { name: 'Maria Silva' }).waitFor();
    expect(await panel().innerText()).to.include('+351 912 345 678');
  });

  it('merges a duplicate: its conversation moves to this contact', async () => {
    await panel().getByLabel('Merge a duplicate into this contact').fill('maria.dup');
    await panel().getByRole('button', { name: 'Merge into this contact' }).click();
    await panel().getByRole('link', { name: 'Hello? (from another browser)' }).waitFor();
    const moved = await api.getConversation(agent.user.tenantId, duplicateConv);
    const mine = await api.getConversation(agent.user.tenantId, current);
    expect(moved!.contactId).to.equal(mine!.contactId);
    await docScreenshot(page, 'console-contact-panel');
    expect(await seriousViolations(page), 'conversation with contact panel').to.deep.equal([]);
  });

  it('lists and searches contacts on the Contacts page, and opens one', async () => {
    await page.getByRole('link', { name: 'Contacts', exact: true }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    // The merged duplicate is gone: one contact.
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).to.equal(1);
    await page.getByLabel('Search contacts').fill('nobody-like-this');
    await page.getByText('No contact matches.').waitFor();
    await page.getByLabel('Search contacts').fill('912 345');
    await page.getByRole('link', { name: 'Maria Silva' }).click();
    await page.getByRole('heading', { name: 'Maria Silva', level: 1 }).waitFor();
    expect(await page.locator('.contact-conversations li').count()).to.equal(3);
    expect(await seriousViolations(page), 'contact page').to.deep.equal([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Maria Silva', level: 1 }).waitFor();
  });

  it('raised no script errors along the way', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
