import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestUser, type TestHost } from '@bacon/host/testing';
import automation from '@bacon/plugin-automation';
import { launchChromium, seriousViolations, startConsoleHost } from './console-support.js';

/**
 * The console in French, as an agent gets it: picked in My profile in an English browser, the whole
 * console switches at once, stays French after a reload, follows the agent to another browser through
 * the profile, and "Browser default" brings English back.
 */
describe('console language', function () {
  this.timeout(180_000);
  let host: TestHost;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const errorLists: string[][] = [];

  /** A browser in American English (another device each time) that reaches loopback only. */
  async function englishBrowser(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 820 }, reducedMotion: 'reduce' });
    contexts.push(context);
    await context.route('**/*', (route) =>
      /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(route.request().url()) ? route.continue() : route.abort(),
    );
    const page = await context.newPage();
    const errors: string[] = [];
    errorLists.push(errors);
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/Failed to load resource|net::/.test(msg.text())) errors.push(msg.text());
    });
    return page;
  }

  /** The shell's main navigation (its name is translated, so found by its class). */
  const nav = (page: Page) => page.locator('nav.nav');

  /** Signs in through the (English) login form; the console's language then is the profile's. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${host.url}/webui.html`);
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('ada@language.test');
    await page.getByLabel('Password', { exact: true }).fill('admin password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await nav(page).waitFor();
  }

  before(async () => {
    ({ host } = await startConsoleHost({ plugins: [automation] }));
    await createTestUser(host, { role: 'admin', name: 'Ada Admin', email: 'ada@language.test', password: 'admin password 1' });
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await host?.close();
  });

  afterEach(() => {
    expect(errorLists.flat(), 'page errors').to.deep.equal([]);
  });

  it('switches to French from My profile at once, keeps it over a reload and on another device, and goes back to the browser’s', async () => {
    const page = await englishBrowser();
    await signIn(page);
    await nav(page).getByRole('link', { name: 'Reports', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('en');

    await page.getByRole('link', { name: /Ada Admin/ }).click();
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
    const picker = page.getByLabel('Language', { exact: true });
    expect(await picker.inputValue()).to.equal('');
    expect(await picker.locator('option').allTextContents()).to.deep.equal(['Browser default', 'English', 'Français']);

    // Picked: the page and the shell read in French without a reload.
    const saved = page.waitForResponse((r) => r.url().endsWith('/auth/me') && r.request().method() === 'PATCH');
    await picker.selectOption('fr');
    await page.getByRole('heading', { name: 'Mon profil', level: 1 }).waitFor();
    expect((await saved).status(), 'the profile keeps the language').to.equal(200);
    expect(await page.evaluate(() => document.documentElement.lang)).to.equal('fr');
    await nav(page).getByRole('link', { name: 'Rapports', exact: true }).waitFor();
    await nav(page).getByRole('link', { name: 'Automatisation', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    expect(await nav(page).getByRole('link', { name: 'Reports', exact: true }).count()).to.equal(0);
    expect(await seriousViolations(page), 'French profile').to.deep.equal([]);

    await nav(page).getByRole('link', { name: 'Automatisation', exact: true }).click();
    await page.getByRole('heading', { name: 'Automatisation', level: 1 }).waitFor();
    await page.getByText("Aucune règle pour l'instant. Créez-en une ci-dessous ou installez un modèle.").waitFor();
    await page.getByRole('button', { name: 'Nouvelle règle' }).click();
    await page.getByLabel('Déclencheur 1', { exact: true }).waitFor();
    expect(await page.getByLabel('Déclencheur 1', { exact: true }).locator('option:checked').textContent()).to.equal(
      'Un visiteur envoie un message',
    );
    expect(await seriousViolations(page), 'French admin view (Automation)').to.deep.equal([]);

    await nav(page).getByRole('link', { name: 'Rapports', exact: true }).click();
    await page.getByRole('heading', { name: 'Rapports', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Télécharger le CSV' }).waitFor();
    await page
      .getByRole('form', { name: 'Période' })
      .getByText(/^Fuseau horaire /)
      .waitFor();

    await nav(page).getByRole('link', { name: 'Macros', exact: true }).click();
    await page.getByRole('heading', { name: 'Macros', level: 1 }).waitFor();
    await page.getByText("Aucune macro pour l'instant. Créez la première ci-dessous.").waitFor();
    await page.getByRole('button', { name: 'Nouvelle macro' }).click();
    await page.getByLabel('Réponse', { exact: true }).fill('Bonjour {{contact.name}}');
    await page.getByText('Bonjour Ada Lovelace').waitFor();

    // A reload: still French (kept in this browser and in the profile).
    await page.reload();
    await page.getByRole('heading', { name: 'Macros', level: 1 }).waitFor();
    await nav(page).getByRole('link', { name: 'Rapports', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Nouvelle macro' }).waitFor();

    // Another device, in English: the same agent signs in and gets French from the profile.
    const other = await englishBrowser();
    await signIn(other);
    await nav(other).getByRole('link', { name: 'Rapports', exact: true }).waitFor();
    expect(await other.evaluate(() => document.documentElement.lang)).to.equal('fr');

    // "Browser default": English again, here and (through the profile) for the next sign-in.
    await page.getByRole('link', { name: /Ada Admin/ }).click();
    await page.getByRole('heading', { name: 'Mon profil', level: 1 }).waitFor();
    const cleared = page.waitForResponse((r) => r.url().endsWith('/auth/me') && r.request().method() === 'PATCH');
    await page.getByLabel('Langue', { exact: true }).selectOption('');
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
    expect((await cleared).status()).to.equal(200);
    await nav(page).getByRole('link', { name: 'Reports', exact: true }).waitFor();
    expect(await page.getByLabel('Language', { exact: true }).inputValue()).to.equal('');
    await page.reload();
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();

    const third = await englishBrowser();
    await signIn(third);
    await nav(third).getByRole('link', { name: 'Reports', exact: true }).waitFor();
    expect(await third.evaluate(() => document.documentElement.lang)).to.equal('en');
  });
});
