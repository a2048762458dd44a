import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import compliance from '@bacon/plugin-compliance';
import { consoleBuilt, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

const DAY = 86_400_000;
/** A sandboxed plugin that declares a US egress (the host's test fixture). */
const US_PLUGIN = new URL('../../host/test/plugins/fixtures/sandboxed/us-egress.ts', import.meta.url).pathname;

/** The admin's compliance pages: retention policies, the audit log with its filters and CSV, and the secret hygiene banner. */
describe('compliance pages in the console', function () {
  this.timeout(240_000);
  let host: TestHost;
  let api: InboxApi;
  let pat: TestUser;
  let sam: TestUser;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  const call = (u: TestUser, method: string, path: string, body?: unknown) =>
    fetch(`${host.url}/api/v1${path}`, {
      method,
      headers: { ...u.headers, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({
      // A well-known JWT key: the secret hygiene banner has something to say.
      config: { jwtKeys: ['weak:secret'], dataRegion: 'eu-central-1' },
      plugins: [
        inbox,
        channelsPlugin(),
        compliance,
        ...uiPlugins(),
        US_PLUGIN,
        definePlugin({
          id: 'compliance-probe',
          version: '0.0.0',
          dependencies: { inbox: '*' },
          init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
        }),
      ],
    });
    pat = await createTestUser(host, { role: 'admin', name: 'Pat', email: 'pat@compliance.test', password: 'correct-horse-battery' });
    sam = await createTestUser(host, { role: 'admin', name: 'Sam', email: 'sam@compliance.test', tenantId: pat.user.tenantId });
    // Two old messages and a fresh one: a 30-day policy would change exactly two.
    for (const [i, age] of [400, 200, 0].entries()) {
      const r = await api.ingestInbound(pat.user.tenantId, {
        channel: 'web',
        externalConversationId: `t-${i}`,
        externalMessageId: `m-${i}`,
        contact: { externalId: `v-${i}` },
        text: `message ${i}`,
      });
      await host.services.db
        .knex('inbox_messages')
        .where({ conversation_id: r.conversation.id })
        .update({ created_at: new Date(Date.now() - age * DAY) });
    }
    // Audit entries by two admins: Sam adds IP rules, Pat changes the masking settings.
    expect((await call(sam, 'POST', '/ip-rules', { cidr: '203.0.113.0/24', action: 'block', note: 'abuse' })).status).to.equal(201);
    expect((await call(sam, 'POST', '/ip-rules', { cidr: '198.51.100.7/32', action: 'block', note: 'scraper' })).status).to.equal(201);
    expect((await call(pat, 'PUT', '/compliance/settings', { maskAtIngest: true, maskExports: false, piiPatterns: [] })).status).to.equal(
      200,
    );
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
    await signIn(page, host.url, 'pat@compliance.test', 'correct-horse-battery');
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('shows admins the secret hygiene banner', async () => {
    const banner = page.getByRole('region', { name: 'Secret hygiene' });
    await banner.getByText(/needs? rotating or replacing/).click();
    await banner.getByText('JWT key weak is a well-known default secret').waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('sets a retention policy, previews it, saves it, and finds it after a reload', async () => {
    await page.goto(`${host.url}/webui.html#/admin/retention`);
    await page.getByRole('heading', { name: 'Data retention', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /^Messages \(counted/ });
    await row.getByLabel('Limit').check();
    await row.getByRole('spinbutton').fill('30');
    await row.getByRole('combobox').selectOption('anonymize');
    await page.getByRole('button', { name: 'Save policies' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await row.getByRole('cell', { name: '2', exact: true }).waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);

    await page.reload();
    await page.getByRole('heading', { name: 'Data retention', level: 1 }).waitFor();
    const again = page.getByRole('row', { name: /^Messages \(counted/ });
    await waitFor(async () => (await again.getByRole('spinbutton').inputValue()) === '30', {
      what: 'the saved days after a reload',
      timeoutMs: 15_000,
    });
    expect(await again.getByLabel('Limit').isChecked()).to.equal(true);
    expect(await again.getByRole('combobox').inputValue()).to.equal('anonymize');
    await again.getByRole('cell', { name: '2', exact: true }).waitFor();
    const stored = (await (await call(pat, 'GET', '/compliance/retention')).json()) as { policies: unknown[] };
    expect(stored.policies).to.deep.equal([{ kind: 'messages', days: 30, mode: 'anonymize' }]);
  });

  it('filters the audit log by action and actor, and downloads exactly the filtered rows', async () => {
    await page.goto(`${host.url}/webui.html#/admin/audit-log`);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.locator('table tbody tr');
    await page.getByRole('cell', { name: 'compliance.settings.updated' }).first().waitFor();

    await page.getByLabel('Action').fill('ip_rule.*');
    await page.getByLabel('Actor id').fill(sam.user.id);
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitFor(async () => (await rows.count()) === 2, { what: 'the two rows of the filter', timeoutMs: 15_000 });
    expect(
      await rows
        .locator('td.mono')
        .filter({ hasText: /^ip_rule\.created$/ })
        .count(),
    ).to.equal(2);
    expect(await page.getByRole('cell', { name: 'compliance.settings.updated' }).count()).to.equal(0);
    expect(await seriousViolations(page)).to.deep.equal([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).to.have.length(3);
    expect(lines.slice(1).every((l) => l.includes('"ip_rule.created"') && l.includes(sam.user.id))).to.equal(true);
    expect(csv).to.not.include('compliance.settings.updated');
    expect(pageErrors).to.deep.equal([]);
  });

  it('on an EU-only workspace, enables a plugin that sends data outside the EU only with a reason, which is audited', async () => {
    expect((await call(pat, 'PUT', '/data-residency', { dataResidency: 'eu' })).status).to.equal(200);
    await page.goto(`${host.url}/webui.html#/admin/plugins/us-egress`);
    await page.getByRole('heading', { name: 'In this workspace' }).waitFor();
    await page.getByRole('button', { name: 'Enable with these grants' }).click();
    const form = page.getByRole('form', { name: 'This plugin sends data outside the EU' });
    await form.getByText('It declares us;').waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await form.getByLabel('Reason').fill('DPA with SCCs signed, LEGAL-42');
    await form.getByRole('button', { name: 'Enable anyway' }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    type Entries = { entries: { targetId: string; after: { reason: string; regions: string[] } }[] };
    const audit = await waitFor(
      async () => {
        const a = (await (await call(pat, 'GET', '/audit-log?action=plugin.residency_override')).json()) as Entries;
        return a.entries?.length ? a : undefined;
      },
      { what: 'the override in the audit log', timeoutMs: 15_000 },
    );
    expect(audit.entries).to.have.length(1);
    expect(audit.entries[0]).to.deep.include({
      targetId: 'us-egress',
      after: { regions: ['us'], reason: 'DPA with SCCs signed, LEGAL-42' },
    });
  });
});
