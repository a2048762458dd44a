import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

/** The three-pane inbox as an agent uses it: views with counts, the list beside the conversation, j/k, priority. */
describe('three-pane inbox in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let api: InboxApi;
  let agent: TestUser;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const ids: string[] = [];

  const tenantId = () => agent.user.tenantId;
  const count = (view: string) => page.locator(`[data-view="${view}"] .count`);
  const countIs = (view: string, n: number) => page.locator(`[data-view="${view}"] .count[data-count="${n}"]`).waitFor();
  const openTitle = () => page.locator('#conv-title');
  const listIds = () =>
    page.locator('.conv-list [data-conversation-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation-id')));
  const arrive = async (name: string, text: string) =>
    (
      await api.ingestInbound(tenantId(), {
        channel: 'web',
        externalConversationId: `thread-${name}`,
        externalMessageId: `msg-${name}-${Date.now()}`,
        contact: { externalId: `visitor-${name}`, name, email: `${name.toLowerCase()}@inbox.test` },
        text,
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
          id: 'inbox-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    agent = await createTestUser(host, { role: 'agent', name: 'Kim Lee', email: 'kim@inbox.test', password: 'correct-horse-battery' });
    // Oldest first: the list shows the latest activity first, so Carla, Bruno, Alice.
    ids.push(await arrive('Alice', 'Where is my parcel?'));
    ids.push(await arrive('Bruno', 'Can I change my address?'));
    ids.push(await arrive('Carla', 'The app crashes on start.'));
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('signs in to the list with the views and their counts', async () => {
    await signIn(page, host.url, 'kim@inbox.test', 'correct-horse-battery');
    await countIs('all', 3);
    await countIs('new', 3);
    await countIs('mine', 0);
    expect(await page.locator('[data-view]').allInnerTexts()).to.satisfy((t: string[]) =>
      ['New', 'Mine', 'Unassigned', 'All', 'Snoozed', 'Closed'].every((v, i) => t[i]!.startsWith(v)),
    );
    await page.locator('.conv-list [data-conversation-id]').nth(2).waitFor();
    expect(await listIds()).to.deep.equal([ids[2], ids[1], ids[0]]);
    expect(await page.locator('.conv-list').innerText()).to.include('Carla');
  });

  it('opens a conversation beside the list, and j / k / arrows move through the list', async () => {
    await page.locator(`.conv-list [data-conversation-id="${ids[2]}"] a`).click();
    await openTitle().filter({ hasText: 'Carla' }).waitFor();
    await page.getByRole('log', { name: 'Transcript' }).getByText('The app crashes on start.').waitFor();
    // The list is still there, with the open one marked.
    expect(await page.locator(`.conv-list [data-conversation-id="${ids[2]}"] a`).getAttribute('aria-current')).to.equal('page');
    await page.locator('body').press('j');
    await openTitle().filter({ hasText: 'Bruno' }).waitFor();
    await page.locator('body').press('j');
    await openTitle().filter({ hasText: 'Alice' }).waitFor();
    await page.locator('body').press('k');
    await openTitle().filter({ hasText: 'Bruno' }).waitFor();
    // Arrows work in the list and leave the focus there.
    await page.locator(`.conv-list [data-conversation-id="${ids[1]}"] a`).focus();
    await page.keyboard.press('ArrowUp');
    await openTitle().filter({ hasText: 'Carla' }).waitFor();
    await page.waitForFunction(
      (id) => document.activeElement?.closest('[data-conversation-id]')?.getAttribute('data-conversation-id') === id,
      ids[2],
    );
    await page.keyboard.press('ArrowDown');
    await openTitle().filter({ hasText: 'Bruno' }).waitFor();
  });

  it('sets a priority, filters and sorts by it', async () => {
    await page.getByLabel('Priority', { exact: true }).selectOption('urgent');
    await page.locator(`.conv-list [data-conversation-id="${ids[1]}"] .chip-priority`, { hasText: 'Urgent' }).waitFor();
    expect((await api.getConversation(tenantId(), ids[1]!))!.priority).to.equal('urgent');
    await page.getByLabel('Sort by').selectOption('priority');
    await page.waitForFunction(
      (id) => document.querySelector('.conv-list [data-conversation-id]')?.getAttribute('data-conversation-id') === id,
      ids[1],
    );
    await page.getByLabel('Filter by priority').selectOption('urgent');
    await page.waitForFunction(() => document.querySelectorAll('.conv-list [data-conversation-id]').length === 1);
    await page.getByLabel('Filter by priority').selectOption('');
    await page.locator('.conv-list [data-conversation-id]').nth(2).waitFor();
  });

  it('follows the team live: a new visitor joins the list and the counts; assigning moves Mine', async () => {
    const dana = await arrive('Dana', 'Do you ship to Norway?');
    await page.locator(`.conv-list [data-conversation-id="${dana}"]`, { hasText: 'Dana' }).waitFor();
    await countIs('all', 4);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await countIs('mine', 1);
    await countIs('new', 3);
    expect(await count('unassigned').getAttribute('data-count')).to.equal('3');
  });

  it('keeps the open conversation and the chosen view across a reload', async () => {
    await page.locator('[data-view="mine"]').click();
    await page.waitForFunction(() => document.querySelectorAll('.conv-list [data-conversation-id]').length === 1);
    await page.reload();
    await openTitle().filter({ hasText: 'Bruno' }).waitFor();
    expect(await page.locator('[data-view="mine"]').getAttribute('aria-pressed')).to.equal('true');
    await page.locator(`.conv-list [data-conversation-id="${ids[1]}"]`).waitFor();
    expect(await listIds()).to.deep.equal([ids[1]]);
    await page.locator('[data-view="all"]').click();
    await page.locator('.conv-list [data-conversation-id]').nth(3).waitFor();
    await docScreenshot(page, 'console-three-pane');
    expect(await seriousViolations(page), 'three-pane inbox').to.deep.equal([]);
  });

  it('switches to the board and back, the choice kept across a reload', async () => {
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    await page.locator('.conv-head').waitFor();
    await page.locator('body').press('Escape');
    await page.locator('[data-column="new"]').waitFor();
    await page.reload();
    await page.locator('[data-column="mine"] [data-conversation-id]').first().waitFor();
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.locator('.conv-list [data-conversation-id]').first().waitFor();
  });

  it('raised no script errors along the way', () => {
    expect(pageErrors).to.deep.equal([]);
  });
});
