import { expect } from 'chai';
import nock from 'nock';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, requestJson, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import { customerNode, fakeShop, orderNode } from 'bacon-plugin-shopify/testing';
import { crmObject, searchResult } from 'bacon-plugin-hubspot/testing';
import { docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, startConsoleHost } from './console-support.js';

const SHOP = 'panel-shop.myshopify.com';
// The sandbox's fetch guard refuses private addresses: the providers' names resolve to public ones,
// and nock answers before any connection is made.
const dnsLookup = async (host: string) => [{ address: host.endsWith('hubapi.com') ? '104.16.252.55' : '23.227.38.65', family: 4 }];

/**
 * Where agents meet the integrations: the contact panel with two real, sandboxed plugins. Shopify
 * answers (its orders show); HubSpot never answers within the budget (one line says so, and it does
 * not hold Shopify's block back). A Shopify action runs from its button and lands as a private note.
 */
describe('plugins in the contact panel (Shopify answers, HubSpot times out)', function () {
  this.timeout(180_000);
  let host: TestHost;
  let api: InboxApi;
  let agent: TestUser;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let conversationId: string;
  let hubspotAsked = 0;

  const panel = () => page.locator('aside.side-panel');
  const plugins = () => panel().getByRole('region', { name: 'Plugins' });

  before(async () => {
    ({ host, inbox: api } = await startConsoleHost({
      plugins: ['bacon-plugin-shopify', 'bacon-plugin-hubspot'],
      pluginOptions: { dnsLookup },
    }));
    agent = await createTestUser(host, { role: 'agent', name: 'Noor', email: 'noor@panel.test', password: 'correct-horse-battery' });
    const admin = await createTestUser(host, { role: 'admin', tenantId: agent.user.tenantId });
    const call = (method: string, path: string, body?: unknown) => requestJson(host.url, admin.headers, method, path, body);
    const configure = async (id: string, settings: object, grants: string[]) => {
      const saved = await call('PUT', `/api/v1/plugins/${id}/settings`, settings);
      expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
      const on = await call('POST', `/api/v1/plugins/${id}/enable`, { grants });
      expect(on.status, JSON.stringify(on.body)).to.equal(200);
    };
    await configure('shopify', { shopDomain: SHOP, accessToken: 'shpat_0123456789abcdef', webhookSecret: 'whsec' }, ['http', 'secrets']);
    await configure('hubspot', { accessToken: 'pat-na1-11111111-2222-3333-4444-555555555555', portalId: 62515 }, ['http', 'secrets', 'kv']);

    conversationId = (
      await api.ingestInbound(agent.user.tenantId, {
        channel: 'web',
        externalConversationId: 'panel-1',
        externalMessageId: 'panel-1-m1',
        contact: { externalId: 'v:ines', name: 'Ines', email: 'ines@shop.test' },
        text: 'Where is my order #1042?',
      })
    ).conversation.id;
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
  });

  // The root hooks clear nock after each test: the providers are faked again before each.
  beforeEach(() => {
    const order = orderNode({ name: '#1042' });
    fakeShop(nock, { shop: SHOP, customers: [{ ...customerNode({ email: 'ines@shop.test' }), orders: { nodes: [order] } }] });
    // HubSpot answers only after the console's 2.5 s budget: the panel must not wait for it.
    nock('https://api.hubapi.com')
      .persist()
      .post('/crm/v3/objects/contacts/search')
      .delay(8000)
      .reply(200, searchResult(crmObject('501', { email: 'ines@shop.test', firstname: 'Ines' })))
      .on('request', () => hubspotAsked++);
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it("shows Shopify's orders and HubSpot's one-line timeout side by side", async () => {
    await signIn(page, host.url, 'noor@panel.test', 'correct-horse-battery');
    await page.goto(`${host.url}/webui.html#/inbox/${conversationId}`);
    const shopify = plugins().getByRole('region', { name: 'Shopify orders' });
    const hubspot = plugins().getByRole('region', { name: 'HubSpot contact' });
    await shopify.waitFor({ timeout: 30_000 });
    expect(await shopify.innerText()).to.include('#1042');
    expect(await hubspot.innerText()).to.match(/Timed out: No answer within 2500 ms\./);
    expect(hubspotAsked, 'HubSpot was asked: the timeout is its slowness, not a call never made').to.be.greaterThan(0);
    await docScreenshot(page, 'console-plugin-panel');
    expect(await seriousViolations(page), 'contact panel with plugins').to.deep.equal([]);
  });

  it('runs "Look up order" from its button; the answer lands as a private note', async () => {
    await plugins().getByRole('button', { name: 'Look up order' }).first().click();
    const form = plugins().locator('.plugin-action-form');
    await form.getByLabel(/order number/i).fill('#1042');
    await form.getByRole('button', { name: 'Look up order' }).click();
    await page.getByText(/Look up order: done, posted as a private note/).waitFor();
    // The note shows in the thread, live, without a reload.
    await page
      .getByText(/Shopify · Look up order/)
      .first()
      .waitFor();
    await waitFor(
      async () => {
        const notes = await requestJson(host.url, agent.headers, 'GET', `/api/v1/conversations/${conversationId}/notes`);
        return (notes.body.items as { body: string }[]).some((n) => n.body.startsWith('Shopify') && n.body.includes('#1042'));
      },
      {
        what: 'the note with the order',
        timeoutMs: 10_000,
      },
    );
  });

  it('asks the plugins again after a reload, and the page stays usable', async () => {
    await page.reload();
    await plugins().getByRole('region', { name: 'Shopify orders' }).waitFor({ timeout: 30_000 });
    expect(await plugins().getByRole('region', { name: 'HubSpot contact' }).innerText()).to.match(/Timed out/);
    expect(pageErrors).to.deep.equal([]);
  });
});
