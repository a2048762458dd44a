import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestUser, startTestHost, type TestHost } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, launchChromium, signIn, uiPlugins } from './console-support.js';

/**
 * Every page the UI plugins serve, reloaded in a real browser: the reload revalidates the cached
 * page and its scripts (`304 Not Modified`), and the page must work after it. A 304 once carried
 * the API's CSP (it has no content type), which Chromium applied to the cached page: a blank
 * console and an unstyled demo without its widget.
 */
describe('reloading the served pages in a browser (cache revalidation)', function () {
  this.timeout(120_000);
  let host: TestHost;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  /**
   * Status of each answer the host sent, by path ("/webui.html" -> [200, 304]), read on the server:
   * the browser reports a revalidated response as the cached 200.
   */
  const statuses = new Map<string, number[]>();

  const local = (url: string) => new URL(url).pathname;
  const seen = (path: string) => statuses.get(path) ?? [];

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({ config: { rateWidgetIp: '1000/60' }, plugins: [inbox, channelsPlugin(), ...uiPlugins()] });
    host.server.on('request', (req, res) => {
      res.once('finish', () => {
        const p = new URL(req.url ?? '/', host.url).pathname;
        statuses.set(p, [...(statuses.get(p) ?? []), res.statusCode]);
      });
    });
    await createTestUser(host, { role: 'agent', email: 'reload@example.test', password: 'correct-horse-battery' });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    // No request interception here: Playwright turns the HTTP cache off while a route is set.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    errors = [];
    statuses.clear();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A refused CSP resource or a script error is a defect; a 404 favicon or a 401 session probe is not.
      if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push(m.text());
    });
  });
  afterEach(async () => {
    await context?.close();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });

  /** Reloads twice; each time the page itself and `assets` must have been revalidated (304), then `works` must hold. */
  async function reloadTwice(path: string, assets: (string | RegExp)[], works: () => Promise<void>) {
    for (let round = 1; round <= 2; round++) {
      statuses.clear();
      await page.reload();
      expect(seen(path), `${path} revalidated on reload ${round}`).to.include(304);
      for (const asset of assets) {
        const hits = [...statuses.entries()]
          .filter(([p]) => (typeof asset === 'string' ? p === asset : asset.test(p)))
          .flatMap(([, s]) => s);
        expect(hits, `${asset} answered on reload ${round}`).to.not.deep.equal([]);
        expect(
          hits.every((s) => s === 304 || s === 200),
          `${asset}: ${hits}`,
        ).to.equal(true);
      }
      await works();
      expect(errors, `browser errors after reload ${round}`).to.deep.equal([]);
    }
  }

  it('/demo stays styled, with its widget, after reloads', async () => {
    await page.goto(`${host.url}/demo`);
    const launcher = page.locator('#bacon-widget button.launcher');
    const works = async () => {
      await launcher.waitFor();
      // The page's inline styles apply (a CSP without 'unsafe-inline' drops them).
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal('rgb(250, 250, 250)');
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')!).maxWidth)).to.equal('720px');
    };
    await works();
    expect(seen('/widget.js')).to.include(200);
    await reloadTwice('/demo', ['/widget.js'], works);
    expect(seen('/widget.js'), 'widget.js revalidated').to.include(304);
  });

  it('/webui.html still renders its login form after reloads, and its signed-in view', async () => {
    await page.goto(`${host.url}/webui.html`);
    const login = () => page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    await login();
    // Its /assets are immutable (content-hashed): the browser reuses them without asking.
    await reloadTwice('/webui.html', [], login);
    await signIn(page, host.url, 'reload@example.test', 'correct-horse-battery');
    await reloadTwice('/webui.html', [], () => page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor());
  });

  it('/ (the redirect to the console) lands on a working console after reloads', async () => {
    await page.goto(`${host.url}/`);
    expect(local(page.url())).to.equal('/webui.html');
    await reloadTwice('/webui.html', [], () => page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor());
  });
});
