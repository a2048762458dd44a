import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn } from './console-support.js';

const SECRET = 'sk_live_do-not-leak-4242';

/** A first-party-style plugin whose settings use a secret, a default, an enum and a format only the server checks. */
const crm = definePlugin({
  id: 'crm-sync',
  version: '1.2.0',
  title: 'CRM sync',
  description: 'Pushes contacts to the CRM.',
  capabilities: [{ name: 'secrets', reason: 'reads its API key' }],
  settings: {
    schema: {
      type: 'object',
      required: ['apiKey'],
      properties: {
        apiKey: { type: 'string', title: 'API key', writeOnly: true, 'x-secret': true },
        region: { type: 'string', title: 'Region', enum: ['eu', 'us'], default: 'eu' },
        batchSize: { type: 'integer', title: 'Batch size', minimum: 1, maximum: 500, default: 50 },
        relayAddress: { type: 'string', title: 'Relay IPv4 address', format: 'ipv4' },
      },
    },
    uiSchema: { region: { 'ui:widget': 'radio' } },
  },
  async testConnection(ctx) {
    const key = await ctx.secrets.get('apiKey');
    return key === 'good-key'
      ? { ok: true, detail: `connected to ${String(ctx.settings.region)}` }
      : { ok: false, detail: 'the CRM refused the API key' };
  },
});

/** Admin views in a browser: users, site keys, IP rules, audit log, plugins and their settings forms. */
describe('admin console in a browser', function () {
  this.timeout(180_000);
  let host: TestHost;
  let admin: TestUser;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const responses: string[] = [];

  const api = async (path: string) => {
    const res = await fetch(`${host.url}/api/v1${path}`, { headers: admin.headers });
    return (await res.json()) as Record<string, unknown>;
  };
  const pluginIds = async () => ((await api('/plugins')).plugins as { id: string }[]).map((p) => p.id);

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({ plugins: [inbox, channelsPlugin(), ...uiPlugins(), crm] });
    admin = await createTestUser(host, { role: 'admin', name: 'Ada Admin', email: 'ada@example.test', password: 'correct-horse-battery' });
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
    // Every API answer the page receives, to prove no secret ever travels back.
    page.on('response', async (res) => {
      if (res.url().includes('/api/v1/')) responses.push(await res.text().catch(() => ''));
    });
    await signIn(page, host.url, 'ada@example.test', 'correct-horse-battery');
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('renders the settings form of every plugin the host runs, from its current schema', async () => {
    const ids = await pluginIds();
    expect(ids).to.include.members(['inbox', 'channels', 'crm-sync']);
    for (const id of ids) {
      await page.goto(`${host.url}/webui.html#/admin/plugins/${id}`);
      await page.getByRole('heading', { level: 1, name: new RegExp(id === 'crm-sync' ? 'CRM sync' : '.') }).waitFor();
      const settings = page.getByRole('region', { name: 'Settings' });
      await settings.locator('form.rjsf').or(settings.getByText('This plugin has no settings.')).waitFor();
      expect(await page.locator('.rjsf .panel-danger, .rjsf .errors').count(), id).to.equal(0);
    }
    expect(pageErrors).to.deep.equal([]);
  });

  it('shows defaults, saves a secret it never shows again, and maps server validation errors onto fields', async () => {
    await page.goto(`${host.url}/webui.html#/admin/plugins/crm-sync`);
    const key = page.getByLabel(/API key/);
    await key.waitFor();
    expect(await key.getAttribute('type')).to.equal('password');
    expect(await key.getAttribute('placeholder')).to.equal('not set');
    await page.getByText('Default: 50.').waitFor();

    await key.fill(SECRET);
    await page.getByLabel(/Relay IPv4 address/).fill('not-an-ip');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const fieldError = page.locator('#settings-crm-sync_relayAddress__error');
    // The server's sentence, under the field it is about (not the validator's `must match format "ipv4"`).
    await fieldError.getByText('Relay IPv4 address must be an IPv4 address.').waitFor();

    await page.getByLabel(/Relay IPv4 address/).fill('192.0.2.10');
    await page.getByLabel(/Batch size/).fill('200');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    await page.getByLabel(/API key/).waitFor();
    expect(await page.getByLabel(/API key/).getAttribute('placeholder')).to.equal('set');
    expect(await page.getByLabel(/API key/).inputValue()).to.equal('');
    await page.getByText('Overridden for this workspace (default: 50).').waitFor();
    expect(await page.getByLabel(/Batch size/).inputValue()).to.equal('200');
    await docScreenshot(page, 'admin-plugin-settings');

    const stored = (await api('/plugins/crm-sync/settings')).settings as Record<string, unknown>;
    expect(stored).to.deep.include({ batchSize: 200, relayAddress: '192.0.2.10', region: 'eu' });
    expect(JSON.stringify(stored)).not.to.include(SECRET);
    expect(await page.content()).not.to.include(SECRET);
  });

  it('shows a failed and then a successful connection test', async () => {
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('[data-test-result="failed"]', { hasText: 'the CRM refused the API key' }).waitFor();
    await page.getByLabel(/API key/).fill('good-key');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.locator('[data-test-result="ok"]', { hasText: 'connected to eu' }).waitFor();
    expect(await page.content()).not.to.include('good-key');
  });

  it('never received a secret in any API answer', () => {
    expect(responses.length).to.be.greaterThan(5);
    for (const body of responses) {
      expect(body).not.to.include(SECRET);
      expect(body).not.to.include('good-key');
    }
  });

  it('adds a teammate, changes their role and sees it in the audit log', async () => {
    await page.goto(`${host.url}/webui.html#/admin/users`);
    await page.getByLabel('Email', { exact: true }).fill('new.agent@example.test');
    await page.getByLabel('Name').fill('Nia Agent');
    await page.getByLabel(/Initial password/).fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    const row = page.getByRole('row', { name: /new\.agent@example\.test/ });
    await row.waitFor();
    await row.getByLabel(/Role of/).selectOption('admin');
    const users = (await api('/users')).users as { email: string; role: string }[];
    for (;;) {
      const u = ((await api('/users')).users as { email: string; role: string }[]).find((x) => x.email === 'new.agent@example.test');
      if (u?.role === 'admin') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(users.length).to.be.greaterThan(1);
    await docScreenshot(page, 'admin-users');
    await page.goto(`${host.url}/webui.html#/admin/audit-log`);
    await page.getByRole('cell', { name: 'user.created' }).waitFor();
    await page.getByRole('cell', { name: 'user.updated' }).first().waitFor();
  });

  it('creates a site key showing its embed code, and rejects a bad origin under the field', async () => {
    await page.goto(`${host.url}/webui.html#/admin/site-keys`);
    await page.getByLabel('Name', { exact: true }).last().fill('Marketing site');
    await page.locator('#sk-new-origins').fill('not a url');
    await page.getByRole('button', { name: 'Create site key' }).click();
    await page.locator('.field-error, .form-error').first().waitFor();
    await page.locator('#sk-new-origins').fill('https://www.example.com');
    await page.getByRole('button', { name: 'Create site key' }).click();
    await page.getByText('Identity secret (shown once)').waitFor();
    const embed = page.getByLabel('Embed code');
    expect(await embed.inputValue()).to.match(
      /<script src="http:\/\/127\.0\.0\.1:\d+\/widget\.js" data-site-key="sk_[^"]+" async><\/script>/,
    );
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await docScreenshot(page, 'admin-site-keys');
  });

  it('adds and removes an IP rule', async () => {
    await page.goto(`${host.url}/webui.html#/admin/ip-rules`);
    await page.getByLabel('CIDR or address').fill('203.0.113.0/24');
    await page.getByLabel('Note', { exact: true }).fill('abuse');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('cell', { name: '203.0.113.0/24', exact: true }).waitFor();
    expect(((await api('/ip-rules')).rules as unknown[]).length).to.equal(1);
    await page.getByRole('button', { name: 'Delete rule 203.0.113.0/24' }).click();
    await page.getByRole('cell', { name: '203.0.113.0/24', exact: true }).waitFor({ state: 'detached' });
    for (;;) {
      if (((await api('/ip-rules')).rules as unknown[]).length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('has no serious accessibility violations on the admin views', async () => {
    for (const hash of [
      '#/admin/users',
      '#/admin/site-keys',
      '#/admin/ip-rules',
      '#/admin/audit-log',
      '#/admin/plugins',
      '#/admin/plugins/crm-sync',
    ]) {
      await page.goto(`${host.url}/webui.html${hash}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), hash).to.deep.equal([]);
    }
    expect(pageErrors).to.deep.equal([]);
  });
});
