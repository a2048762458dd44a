import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import { definePlugin } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import aiAssist from '@bacon/plugin-ai-assist';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, launchChromium, loopbackContext, seriousViolations, signIn } from './console-support.js';

/** A loopback OpenAI-compatible server: streams a fixed draft in pieces and keeps every request body. */
function stubProvider(bodies: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of ['Hello Grace, your parcel ', 'ships today; the ', 'tracking link goes to [em', 'ail_a].'])
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: piece } }] })}\n\n`);
      res.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 300, completion_tokens: 20 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** An agent asks for a draft in the composer: it streams into the box, the context is listed, and sending or clearing it records feedback. */
describe('AI draft in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let agent: TestUser;
  let api: InboxApi | undefined;
  let db: Knex | undefined;
  let browser: Browser;
  let page: Page;
  let provider: Server;
  const bodies: string[] = [];
  let conversationId: string;

  const probe = definePlugin({
    id: 'ai-draft-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0' },
    enrichers: {
      orders: { title: 'Shop orders', run: () => ({ lastOrder: '#1001 shipped' }) },
      slow: { title: 'Slow CRM', run: () => new Promise((resolve) => setTimeout(() => resolve({}), 5000).unref()) },
    },
    init: (ctx) => void ((api = ctx.use<InboxApi>('inbox')), (db = ctx.db)),
  });

  before(async () => {
    await consoleBuilt();
    provider = await stubProvider(bodies);
    host = await startTestHost({ plugins: [inbox, aiAssist, channelsPlugin(), probe, ...uiPlugins()] });
    agent = await createTestUser(host, { role: 'agent', email: 'dee@example.test', password: 'correct-horse-battery', name: 'Dee Agent' });
    const admin = await createTestUser(host, { role: 'admin', tenantId: agent.user.tenantId });
    const settings = await fetch(`${host.url}/api/v1/plugins/ai-assist/settings`, {
      method: 'PUT',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        provider: 'openai',
        baseUrl: `http://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`,
        model: 'gpt-stub',
        enricherBudgetMs: 300,
      }),
    });
    expect(settings.status).to.equal(200);
    const { conversation } = await api!.ingestInbound(agent.user.tenantId, {
      channel: 'web',
      externalConversationId: 'ai-draft-1',
      externalMessageId: 'ai-draft-1-m',
      contact: { externalId: 'ai-draft-contact', name: 'Grace' },
      text: 'Where is my parcel? Mail me at grace@example.org',
    });
    conversationId = conversation.id;
    browser = await launchChromium();
    ({ page } = await loopbackContext(browser));
    await signIn(page, host.url, 'dee@example.test', 'correct-horse-battery');
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    provider?.close();
  });

  const feedbackOf = async (n: number) => {
    let rows: { feedback: string | null; edit_distance: number | null }[] = [];
    await waitFor(
      async () => {
        rows = await db!('ai_assist_drafts')
          .where({ conversation_id: conversationId })
          .orderBy('created_at')
          .select('feedback', 'edit_distance');
        return rows.length >= n && rows.slice(0, n).every((r) => r.feedback);
      },
      { what: `feedback on ${n} drafts`, timeoutMs: 20_000 },
    );
    return rows;
  };

  it('streams the draft into the reply box, lists the context, and records an edit when the agent sends it', async () => {
    await page.goto(`${host.url}/webui.html#/inbox/${conversationId}`);
    await page.getByRole('button', { name: 'Draft reply' }).click();
    const box = page.getByLabel('Reply to the contact');
    const expected = 'Hello Grace, your parcel ships today; the tracking link goes to grace@example.org.';
    await waitFor(async () => (await box.inputValue()) === expected, { what: 'the draft in the reply box', timeoutMs: 20_000 });
    const panel = page.getByTestId('draft-assist');
    await panel.getByText('AI draft (gpt-stub)').waitFor();
    await panel.getByText(/from Shop orders/).waitFor();
    await panel.getByText(/skipped Slow CRM \(too slow\)/).waitFor();
    expect(bodies).to.have.length(1);
    expect(bodies[0]).to.include('Where is my parcel').and.not.include('grace@example.org');
    // Nothing was sent by itself.
    const sent = async () =>
      Number((await db!('inbox_messages').where({ conversation_id: conversationId, author_kind: 'agent' }).count({ n: '*' }))[0]!.n);
    expect(await sent()).to.equal(0);
    expect(await seriousViolations(page)).to.deep.equal([]);

    await box.fill(`${expected} Thanks!`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const rows = await feedbackOf(1);
    expect(rows[0]).to.deep.equal({ feedback: 'edited', edit_distance: 8 });
    // The reply and the feedback go out side by side: the reply may commit a moment after the feedback.
    await waitFor(async () => (await sent()) === 1, { what: 'the edited draft sent once', timeoutMs: 20_000 });
    expect(await sent()).to.equal(1);
  });

  it('takes the shortcut, and records a rejection when the agent clears the draft', async () => {
    const box = page.getByLabel('Reply to the contact');
    await box.focus();
    await page.keyboard.press('Alt+Shift+KeyD');
    await waitFor(async () => (await box.inputValue()).startsWith('Hello Grace'), { what: 'the second draft', timeoutMs: 20_000 });
    await waitFor(async () => !(await page.getByRole('button', { name: 'Drafting…' }).count()), {
      what: 'the draft to finish',
      timeoutMs: 20_000,
    });
    await box.fill('');
    const rows = await feedbackOf(2);
    expect(rows[1]).to.deep.equal({ feedback: 'rejected', edit_distance: null });
    expect(bodies).to.have.length(2);
  });
});
