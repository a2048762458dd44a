import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestUser, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import { docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, startConsoleHost } from './console-support.js';

type Captured = { title: string; body?: string };

/** Grants notifications and records every `new Notification(...)` the page makes (before the real one). */
async function captureNotifications(context: BrowserContext, origin: string): Promise<void> {
  await context.grantPermissions(['notifications'], { origin });
  await context.addInitScript(() => {
    const w = window as unknown as { __notices: Captured[]; Notification: typeof Notification };
    w.__notices = [];
    const Real = w.Notification;
    w.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        w.__notices.push({ title, body: options?.body });
        super(title, options);
      }
    } as typeof Notification;
  });
}

const notices = (page: Page) => page.evaluate(() => (window as unknown as { __notices: Captured[] }).__notices);

async function noticeMatching(page: Page, test: (n: Captured) => boolean, what: string): Promise<Captured> {
  return waitFor(async () => (await notices(page)).find(test), { what, timeoutMs: 20_000 });
}

/** Unread counts, the tab-title counter, desktop notifications and @mentions, as agents meet them. */
describe('noticing work in the console', function () {
  this.timeout(240_000);
  let host: TestHost;
  let browser: Browser;
  let api: InboxApi;
  let ada: TestUser;
  let bea: TestUser;

  before(async () => {
    ({ host, inbox: api } = await startConsoleHost());
    ada = await createTestUser(host, { name: 'Ada Lovelace', email: 'ada@notice.test', password: 'ada password 1' });
    bea = await createTestUser(host, {
      name: 'Bea Stone',
      email: 'bea@notice.test',
      password: 'bea password 1',
      tenantId: ada.user.tenantId,
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  const ingest = (thread: string, text: string) =>
    api.ingestInbound(ada.user.tenantId, {
      channel: 'web',
      externalConversationId: thread,
      externalMessageId: `${thread}-${Date.now()}-${Math.random()}`,
      contact: { externalId: `contact-${thread}`, name: 'Grace Hopper' },
      text,
    });

  it('a new conversation raises the title counter, a badge and a desktop notification; reading it clears them, across a reload', async () => {
    const { context, page, errors } = await loopbackContext(browser);
    await captureNotifications(context, host.url);
    await signIn(page, host.url, 'ada@notice.test', 'ada password 1');
    await page.waitForFunction(() => document.title === 'Bacon console');

    const { conversation } = await ingest('notice-1', 'My parcel never arrived');
    await page.waitForFunction(() => document.title === '(1) Bacon console', undefined, { timeout: 20_000 });
    const notice = await noticeMatching(page, (n) => n.title === 'New conversation', 'the new-conversation notification');
    expect(notice.body).to.equal('My parcel never arrived');
    const row = page.locator(`[data-conversation-id="${conversation.id}"]`);
    await row.locator('.unread-badge').filter({ hasText: '1' }).waitFor();
    expect(await seriousViolations(page), 'inbox with unread badges').to.deep.equal([]);
    await docScreenshot(page, 'console-unread');

    // The counter comes from the server: a reload shows it again.
    await page.reload();
    await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor();
    await page.waitForFunction(() => document.title === '(1) Bacon console', undefined, { timeout: 20_000 });
    await row.locator('.unread-badge').waitFor();

    // Opening it reads it: the badge and the counter clear, and stay clear after a reload.
    await row.getByRole('link').click();
    await page.getByText('My parcel never arrived').last().waitFor();
    await page.waitForFunction(() => document.title === 'Bacon console', undefined, { timeout: 20_000 });
    await row.locator('.unread-badge').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByText('My parcel never arrived').last().waitFor();
    await page.waitForFunction(() => document.title === 'Bacon console', undefined, { timeout: 20_000 });

    // A contact's message in a conversation assigned to me, while I look elsewhere: a notification.
    await api.assign(ada.user.tenantId, conversation.id, { agentId: ada.user.id });
    await page.goto(`${host.url}/webui.html#/inbox`);
    await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor();
    await ingest('notice-1', 'Any news about it?');
    const message = await noticeMatching(page, (n) => n.title === 'New message', 'the assigned-message notification');
    expect(message.body).to.equal('Any news about it?');
    await page.waitForFunction(() => document.title === '(1) Bacon console', undefined, { timeout: 20_000 });
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('an @mention picked with the keyboard in a note reaches the teammate as a toast and a desktop notification', async () => {
    const { conversation } = await ingest('notice-2', 'Can someone check my invoice?');
    const beaSide = await loopbackContext(browser);
    await captureNotifications(beaSide.context, host.url);
    await signIn(beaSide.page, host.url, 'bea@notice.test', 'bea password 1');

    const adaSide = await loopbackContext(browser);
    await signIn(adaSide.page, host.url, 'ada@notice.test', 'ada password 1');
    const page = adaSide.page;
    await page.goto(`${host.url}/webui.html#/inbox/${conversation.id}`);
    await page.getByText('Can someone check my invoice?').last().waitFor();
    await page.getByRole('tab', { name: 'Private note' }).click();
    const box = page.getByLabel('Private note for your team');
    await box.pressSequentially('Please look at this @be');
    await page.getByRole('option', { name: '@Bea Stone' }).waitFor();
    expect(await seriousViolations(page), 'mention picker').to.deep.equal([]);
    await box.press('Enter');
    expect(await box.inputValue()).to.equal('Please look at this @Bea Stone ');
    await box.pressSequentially('thanks!');
    await box.press('Control+Enter');
    await page.locator('.bubble-note').filter({ hasText: 'Please look at this @Bea Stone thanks!' }).waitFor();

    const notice = await noticeMatching(beaSide.page, (n) => n.title === 'Ada Lovelace mentioned you', 'the mention notification');
    expect(notice.body).to.equal('Please look at this @Bea Stone thanks!');
    await beaSide.page.getByText('Ada Lovelace mentioned you: Please look at this @Bea Stone thanks!').waitFor();
    const notes = await fetch(`${host.url}/api/v1/conversations/${conversation.id}/notes`, { headers: ada.headers });
    const saved = ((await notes.json()) as { items: { body: string; mentions: string[] }[] }).items;
    expect(saved.map((n) => n.mentions)).to.deep.equal([[bea.user.id]]);
    // Ada wrote it: she is not told about her own note.
    expect((await notices(beaSide.page)).filter((n) => n.title.includes('mentioned'))).to.have.length(1);
    expect(adaSide.errors.concat(beaSide.errors)).to.deep.equal([]);
    await adaSide.context.close();
    await beaSide.context.close();
  });
});
