import os from 'node:os';
import { createRequire } from 'node:module';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { consolePlugin } from '@bacon/console';
import { widgetPlugin } from '@bacon/widget';
import { definePlugin, type PluginDefinition } from '@bacon/sdk';
import { startTestHost, type TestHost, type TestHostOptions } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';

const require = createRequire(import.meta.url);
export const DOCS_IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images');

/** The console and widget plugins, as `npm start` runs them: they serve /webui.html, /widget.js and /demo. */
export const uiPlugins = () => [consolePlugin(), widgetPlugin()];

/** Builds the console and widget with Vite when their dist is missing or older than their sources. */
export async function consoleBuilt(): Promise<void> {
  for (const p of uiPlugins()) await p.prepare?.({ force: false, out: () => undefined });
}

/**
 * A host as `npm start` runs it for a browser test (the inbox, the web channel, the console and the
 * widget, with the console built), plus `plugins`, and sign-in limits loose enough for a test that
 * signs in several times; answers the host and the inbox's API for seeding.
 */
export async function startConsoleHost(
  opts: Omit<TestHostOptions, 'plugins'> & { plugins?: readonly (PluginDefinition | string)[] } = {},
): Promise<{ host: TestHost; inbox: InboxApi }> {
  await consoleBuilt();
  let api: InboxApi | undefined;
  const probe = definePlugin({
    id: 'console-test-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
  });
  const host = await startTestHost({
    ...opts,
    config: { rateLoginIp: '1000/20', ...opts.config },
    plugins: [inbox, channelsPlugin(), ...uiPlugins(), probe, ...(opts.plugins ?? [])],
  });
  return { host, inbox: api! };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A browser context that can reach loopback only, whatever a page asks for; page errors are collected.
 * `options` add to the defaults (a `locale`, for the console's language).
 */
export async function loopbackContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, reducedMotion: 'reduce', ...options });
  await context.route('**/*', (route) =>
    /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(route.request().url()) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    // Failed requests while offline are the point of the offline test, not a defect.
    if (msg.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED|net::/.test(msg.text())) errors.push(msg.text());
  });
  return { context, page, errors };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core on the page; answers the serious and critical violations only. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated over the DevTools protocol: the console's CSP (script-src 'self') rightly refuses inline tags.
  if (!loaded) await page.evaluate(await readFile(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Result> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Takes a screenshot of the viewport. With BACON_DOC_SCREENSHOTS=1 it refreshes the documentation's
 * docs/images/NAME.png; otherwise it goes to the temp dir, so a test run leaves the tree clean.
 */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.BACON_DOC_SCREENSHOTS === '1' ? DOCS_IMAGES : path.join(os.tmpdir(), 'bacon-screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** Signs in through the login form. */
export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/webui.html`);
  await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor();
}
