import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import { definePlugin, type PluginEventLog } from '@bacon/sdk';
import { AI_DRAFT_FEEDBACK, type AiDraftFeedbackPayload } from '@bacon/analytics-contract';
import type { Knex } from 'knex';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import analytics from '@bacon/plugin-analytics';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, launchChromium, loopbackContext, seriousViolations, signIn } from './console-support.js';

/** The Reports page: an agent sees today's numbers from real inbox traffic, the charts, and downloads the CSV. */
describe('reports in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let agent: TestUser;
  let api: InboxApi | undefined;
  let events: PluginEventLog | undefined;
  let db: Knex | undefined;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  const probe = definePlugin({
    id: 'reports-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0' },
    init: (ctx) => {
      api = ctx.use<InboxApi>('inbox');
      events = ctx.events;
      db = ctx.db;
    },
  });

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({ plugins: [inbox, analytics, channelsPlugin(), probe, ...uiPlugins()], config: { eventsPollMs: 100 } });
    agent = await createTestUser(host, { role: 'agent', email: 'rae@example.test', password: 'correct-horse-battery', name: 'Rae Agent' });
    const tenantId = agent.user.tenantId;
    for (let i = 0; i < 3; i++) {
      const { conversation } = await api!.ingestInbound(tenantId, {
        channel: 'web',
        externalConversationId: `report-${i}`,
        externalMessageId: `report-${i}-m`,
        contact: { externalId: `report-contact-${i}` },
        text: '=1+1 hello',
        // Two conversations came through one widget site key, the third through another.
        metadata: { siteKey: i < 2 ? 'site-key-reports-shop' : 'site-key-reports-help' },
      });
      await api!.assign(tenantId, conversation.id, { agentId: agent.user.id });
      await api!.sendAgentMessage(tenantId, conversation.id, { authorId: agent.user.id, text: 'On it.' });
      if (i < 2) await api!.transition(tenantId, conversation.id, 'closed');
    }
    // Four AI drafts judged, as the AI assist reports them: 2 sent as drafted, 1 edited (distance 6), 1 discarded.
    const outcomes: [AiDraftFeedbackPayload['outcome'], number?][] = [['accepted'], ['accepted'], ['edited', 6], ['rejected']];
    await db!.transaction((trx) =>
      events!.append(
        trx,
        outcomes.map(([outcome, editDistance], i) => ({
          topic: AI_DRAFT_FEEDBACK,
          tenantId,
          key: `draft-${i}`,
          payload: {
            tenantId,
            draftId: `00000000-0000-4000-8000-00000000000${i}`,
            conversationId: `00000000-0000-4000-8000-0000000000a${i}`,
            agentId: agent.user.id,
            outcome,
            ...(editDistance === undefined ? {} : { editDistance }),
            at: new Date().toISOString(),
          } satisfies AiDraftFeedbackPayload,
        })),
      ),
    );
    const today = { from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() };
    await waitFor(
      async () => {
        const res = await fetch(`${host.url}/api/v1/analytics/resolution?${new URLSearchParams(today)}`, { headers: agent.headers });
        const body = (await res.json()) as { total?: { resolved: number } };
        if (!body.total) throw new Error(`resolution report: ${res.status} ${JSON.stringify(body)}`);
        if (body.total.resolved !== 2) return false;
        const ai = await fetch(`${host.url}/api/v1/analytics/ai-drafts?${new URLSearchParams(today)}`, { headers: agent.headers });
        return ((await ai.json()) as { total?: { drafts: number } }).total?.drafts === 4;
      },
      { what: 'the analytics consumer to apply the traffic', timeoutMs: 30_000 },
    );
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
    await signIn(page, host.url, 'rae@example.test', 'correct-horse-battery');
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('shows the totals, the charts, the per-agent table, and downloads the CSV', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    // 3 conversations, 2 of 3 cycles resolved.
    await page.getByText('67%').waitFor();
    const agentsTable = page.getByRole('table', { name: 'Agent workload' });
    await agentsTable.getByRole('cell', { name: 'Rae Agent' }).waitFor();
    const row = agentsTable.getByRole('row', { name: /Rae Agent/ });
    // Open now 1 (the unresolved one), 3 assigned, 3 replies, 3 first responses, 2 resolved.
    expect((await row.getByRole('cell').allTextContents()).filter((_, i) => i !== 5)).to.deep.equal(['Rae Agent', '1', '3', '3', '3', '2']);
    expect(await page.locator('.recharts-wrapper').count()).to.be.greaterThanOrEqual(4);
    // The AI assist's drafts: 4 judged, half sent as drafted, three in four used, edits of 6 characters.
    const aiList = page.locator('dl[aria-label="AI drafts"]');
    expect(await aiList.locator('dd').allTextContents()).to.deep.equal(['4', '50%', '75%', '6.0']);
    expect(await seriousViolations(page)).to.deep.equal([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const stream = await download.createReadStream();
    let csv = '';
    for await (const chunk of stream) csv += chunk.toString();
    const lines = csv.split('\r\n').filter(Boolean);
    expect(lines[0]).to.match(/^conversation_id,cycle,channel/);
    expect(lines).to.have.length(4);
    expect(pageErrors).to.deep.equal([]);
  });

  it('narrows every report to one widget site key picked from those with conversations', async () => {
    const picker = page.getByLabel('Site key');
    await waitFor(async () => (await picker.locator('option').count()) === 3, { what: 'the site keys of the range in the picker' });
    await picker.selectOption('site-key-reports-shop');
    // Both conversations of that site key were resolved; the agent holds none of them now.
    await page.getByText('100%').waitFor();
    const row = page.getByRole('table', { name: 'Agent workload' }).getByRole('row', { name: /Rae Agent/ });
    await waitFor(async () => (await row.getByRole('cell').nth(1).textContent()) === '0', { what: 'the workload of the site key' });
    expect(await row.getByRole('cell').nth(2).textContent()).to.equal('2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).to.match(/site-key-reports-shop\.csv$/);
    let csv = '';
    for await (const chunk of await download.createReadStream()) csv += chunk.toString();
    expect(csv.split('\r\n').filter(Boolean)).to.have.length(3);
    expect(pageErrors).to.deep.equal([]);
  });
});
