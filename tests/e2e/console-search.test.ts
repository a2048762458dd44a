import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createTestUser, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import { docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, startConsoleHost } from './console-support.js';

const MESSAGES = 10_000;
const TARGET_SEQ = 40;

/** Search from the top bar finds one message among 10,000 and opens it, scrolled to and highlighted. */
describe('search in the console', function () {
  this.timeout(240_000);
  let host: TestHost;
  let browser: Browser;
  let api: InboxApi;
  let ada: TestUser;
  let conversationId: string;

  before(async () => {
    ({ host, inbox: api } = await startConsoleHost());
    ada = await createTestUser(host, { name: 'Ada Lovelace', email: 'ada@search.test', password: 'ada password 1' });
    const tenantId = ada.user.tenantId;
    const { conversation } = await api.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: 'search-conv',
      externalMessageId: 'search-conv-1',
      contact: { externalId: 'search-contact', name: 'Grace Hopper' },
      text: 'Hello, a question about my order',
    });
    conversationId = conversation.id;
    // 10,000 messages in bulk (through SQL, as a busy tenant would have them): 200 in this
    // conversation (the hit is far above the first page), the rest in 49 others.
    const knex = host.services.db.knex;
    await knex.raw(
      `INSERT INTO inbox_conversations (id, tenant_id, contact_id, channel, state, last_seq, created_at, updated_at)
       SELECT gen_random_uuid(), ?, ?, 'web', 'new', 200, now(), now() FROM generate_series(1, 49)`,
      [tenantId, conversation.contactId],
    );
    const ids = (await knex('inbox_conversations').where({ tenant_id: tenantId }).orderBy('created_at').pluck('id')) as string[];
    await knex.raw(
      `INSERT INTO inbox_messages (id, tenant_id, conversation_id, seq, author_kind, body, channel, created_at)
       SELECT gen_random_uuid(), :tenantId, (:ids::uuid[])[1 + (g - 1) / 200], 1 + (g - 1) % 200 + CASE WHEN g <= 200 THEN 1 ELSE 0 END,
              CASE WHEN g % 2 = 0 THEN 'agent' ELSE 'contact' END,
              CASE WHEN g = :target THEN 'The **blue pelican** mug arrived broken <img src=x onerror="window.__pwned=1">'
                   ELSE 'message ' || g || ' about parcels, refunds and the weather' END,
              'web', now() - ((:total - g) || ' seconds')::interval
       FROM generate_series(1, :total) AS g`,
      { tenantId, ids: [conversationId, ...ids.filter((id) => id !== conversationId)], target: TARGET_SEQ - 1, total: MESSAGES },
    );
    await knex('inbox_conversations').where({ id: conversationId }).update({ last_seq: 201 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('finds the message with / from the inbox, and opens its conversation scrolled to it, highlighted and safely rendered', async () => {
    const { page, errors, context } = await loopbackContext(browser);
    await signIn(page, host.url, 'ada@search.test', 'ada password 1');
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search messages, notes and contacts' });
    expect(await box.evaluate((el) => el === document.activeElement)).to.equal(true);
    await box.fill('pelican');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Search: “pelican”' }).waitFor();
    const hits = page.locator('.search-hit');
    await hits.first().waitFor();
    expect(await hits.count()).to.equal(1);
    expect(await hits.first().locator('mark').innerText()).to.equal('pelican');
    expect(await seriousViolations(page), 'search results').to.deep.equal([]);
    await docScreenshot(page, 'console-search');

    await hits.first().getByRole('link').click();
    const found = page.locator(`.bubble.is-found[data-seq="${TARGET_SEQ}"]`);
    await found.waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      (seq) => {
        const el = document.querySelector(`.bubble[data-seq="${seq}"]`);
        const log = el?.closest('.transcript');
        if (!el || !log) return false;
        const a = el.getBoundingClientRect();
        const b = log.getBoundingClientRect();
        return a.top >= b.top && a.bottom <= b.bottom;
      },
      TARGET_SEQ,
      { timeout: 15_000 },
    );
    // Markdown renders; the HTML in the message stays text.
    expect(await found.locator('strong').innerText()).to.equal('blue pelican');
    expect(await found.locator('img').count()).to.equal(0);
    expect(await found.innerText()).to.include('<img src=x');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);

    // The hit's address survives a reload.
    await page.reload();
    await page.locator(`.bubble.is-found[data-seq="${TARGET_SEQ}"]`).waitFor({ timeout: 30_000 });
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
