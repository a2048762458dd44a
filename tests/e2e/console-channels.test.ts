import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import type { Knex } from 'knex';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import { definePlugin } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, launchChromium, loopbackContext, seriousViolations, signIn } from './console-support.js';

const ENTRY = new URL('../../official-plugins/twilio-whatsapp/src/index.ts', import.meta.url).pathname;
const ACCOUNT = `AC${'e5'.repeat(16)}`;
const TOKEN = 'console-twilio-token';
const TEMPLATE_SID = `HX${'f6'.repeat(16)}`;
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

/** Twilio's form webhook, signed as Twilio documents it (URL + sorted name/value pairs, HMAC-SHA1, base64). */
const twilioPost = (url: string, params: Record<string, string>) => {
  const keys = Object.keys(params).sort();
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': createHmac('sha1', TOKEN)
        .update(url + keys.map((k) => k + params[k]).join(''))
        .digest('base64'),
    },
    body: new URLSearchParams(params).toString(),
  });
};

/**
 * WhatsApp in the console: an inbound message shows with its channel, the agent replies, Twilio
 * (nock) is called, the status callback turns the reply "Delivered" live and after a reload, and a
 * conversation whose 24-hour window closed offers its templates instead.
 */
describe('WhatsApp conversations in the console', function () {
  this.timeout(240_000);
  let host: TestHost;
  let agent: TestUser;
  let api: InboxApi | undefined;
  let db: Knex | undefined;
  let browser: Browser;
  let page: Page;
  let webhook: string;

  const probe = definePlugin({
    id: 'console-channels-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void ((api = ctx.use<InboxApi>('inbox')), (db = ctx.db)),
  });

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      plugins: [inbox, channelsPlugin({ sender: { retryBaseMs: 20 } }), probe, ENTRY, ...uiPlugins()],
      pluginOptions: { dnsLookup: async () => [{ address: '54.172.60.0', family: 4 }] },
    });
    agent = await createTestUser(host, {
      role: 'agent',
      email: 'wanda@example.test',
      password: 'correct-horse-battery',
      name: 'Wanda Agent',
    });
    const admin = await createTestUser(host, { role: 'admin', tenantId: agent.user.tenantId });
    const call = (method: string, path: string, body: unknown) =>
      fetch(`${host.url}${path}`, {
        method,
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const settings = {
      accountSid: ACCOUNT,
      authToken: TOKEN,
      from: '+14155238886',
      templates: [{ name: 'order_update', contentSid: TEMPLATE_SID, description: 'Your order has an update' }],
    };
    expect((await call('PUT', '/api/v1/plugins/twilio-whatsapp/settings', settings)).status).to.equal(200);
    expect((await call('POST', '/api/v1/plugins/twilio-whatsapp/enable', { grants: ['http', 'secrets'] })).status).to.equal(200);
    webhook = `${host.url}/api/v1/channels/twilio-whatsapp/webhook/${agent.user.tenantId}`;
    browser = await launchChromium();
    ({ page } = await loopbackContext(browser));
    await signIn(page, host.url, 'wanda@example.test', 'correct-horse-battery');
  });

  after(async () => {
    nock.cleanAll();
    await browser?.close();
    await host?.close();
  });

  it('shows an inbound WhatsApp message with its channel, sends the reply through Twilio and shows it delivered', async () => {
    const inbound = await twilioPost(webhook, {
      MessageSid: 'SM0000000000000000000000000000e2e1',
      AccountSid: ACCOUNT,
      From: 'whatsapp:+15005550101',
      To: 'whatsapp:+14155238886',
      Body: 'Is my order on its way?',
      ProfileName: 'Rosa',
      WaId: '15005550101',
      NumMedia: '0',
      ApiVersion: '2010-04-01',
    });
    expect(inbound.status).to.equal(200);

    // The list row carries the WhatsApp icon and name; the conversation header too, with its open window.
    const row = page.locator('.conv-item', { hasText: 'Is my order on its way?' });
    await row.waitFor({ timeout: 30_000 });
    await row.locator('[data-channel="whatsapp"]', { hasText: 'WhatsApp' }).waitFor();
    expect(await row.locator('[data-channel="whatsapp"] svg').count()).to.equal(1);
    await row.locator('a').click();
    await page.locator('.conv-head [data-channel="whatsapp"]', { hasText: 'WhatsApp' }).waitFor();
    await page.locator('[data-window="open"]', { hasText: 'WhatsApp reply window open until' }).waitFor();

    let form: URLSearchParams | undefined;
    const twilio = nock('https://api.twilio.com')
      .post(MESSAGES)
      .reply(
        201,
        (_uri, body) => ((form = new URLSearchParams(String(body))), { sid: 'SM0000000000000000000000000000e2o1', status: 'queued' }),
      );
    await page.getByPlaceholder(/^Reply…/).fill('Yes, it ships today.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const bubble = page.locator('.bubble-agent', { hasText: 'Yes, it ships today.' });
    await bubble.locator('[data-delivery="sent"]').waitFor({ timeout: 30_000 });
    expect(twilio.isDone()).to.equal(true);
    expect(form?.get('To')).to.equal('whatsapp:+15005550101');
    expect(form?.get('Body')).to.equal('Yes, it ships today.');

    // Twilio's status callback: the reply turns "Delivered" live, and stays so after a reload.
    const status = await twilioPost(webhook, {
      MessageSid: 'SM0000000000000000000000000000e2o1',
      MessageStatus: 'delivered',
      AccountSid: ACCOUNT,
      ApiVersion: '2010-04-01',
    });
    expect(status.status).to.equal(200);
    await bubble.locator('[data-delivery="delivered"]', { hasText: 'Delivered' }).waitFor({ timeout: 30_000 });
    await page.reload();
    await page
      .locator('.bubble-agent', { hasText: 'Yes, it ships today.' })
      .locator('[data-delivery="delivered"]')
      .waitFor({ timeout: 30_000 });
    await page.locator('.conv-head [data-channel="whatsapp"]').waitFor();
  });

  it('on a closed window says why, refuses a free-form reply and sends a template from the picker', async () => {
    // A customer who last wrote 25 hours ago.
    const old = new Date(Date.now() - 25 * 3600 * 1000);
    const stale = await twilioPost(webhook, {
      MessageSid: 'SM0000000000000000000000000000e2e2',
      AccountSid: ACCOUNT,
      From: 'whatsapp:+15005550102',
      To: 'whatsapp:+14155238886',
      Body: 'Hello from yesterday',
      ProfileName: 'Omar',
      NumMedia: '0',
      ApiVersion: '2010-04-01',
    });
    expect(stale.status).to.equal(200);
    const conv = await waitFor(() => api!.findConversationByExternalId(agent.user.tenantId, 'whatsapp', 'whatsapp:+15005550102'), {
      what: 'the stale conversation',
    });
    // Twilio's form carries no timestamp: age the thread the way 25 hours would have.
    await db!('channels_threads').where({ tenant_id: agent.user.tenantId, conversation_id: conv.id }).update({ last_inbound_at: old });

    await page.goto(`${host.url}/webui.html#/inbox/${conv.id}`);
    const closed = page.locator('[data-window="closed"]');
    await closed.getByText('Window closed: templates only.').waitFor({ timeout: 30_000 });
    await closed.getByText(/within 24 hours/).waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);

    await page.getByPlaceholder(/^Reply…/).fill('Are you still there?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('[data-outbox="failed"]', { hasText: /Not sent: .*order_update/ }).waitFor({ timeout: 30_000 });

    let form: URLSearchParams | undefined;
    nock('https://api.twilio.com')
      .post(MESSAGES)
      .reply(
        201,
        (_uri, body) => ((form = new URLSearchParams(String(body))), { sid: 'SM0000000000000000000000000000e2o2', status: 'queued' }),
      );
    await closed.getByLabel('Template').selectOption('order_update');
    await closed.getByRole('button', { name: 'Send template' }).click();
    await page
      .locator('.bubble-agent', { hasText: 'Your order has an update' })
      .locator('[data-delivery="sent"]')
      .waitFor({ timeout: 30_000 });
    expect(form?.get('ContentSid')).to.equal(TEMPLATE_SID);
    expect(form?.get('Body')).to.equal(null);
  });
});
