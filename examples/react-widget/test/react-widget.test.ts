import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost, type TestHost } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { widgetPlugin } from '@bacon/widget';
import { App } from '../src/app.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('the React widget example', function () {
  this.timeout(120_000);

  it('renders on the server as the page alone (the widget script is added only in the browser)', () => {
    const html = renderToString(createElement(App, { host: 'http://127.0.0.1:1', siteKey: 'sk_test' }));
    expect(html).to.contain('data-bacon-action="open"').and.to.contain('Chat with us');
    expect(html).to.not.contain('<script');
  });

  describe('in Chromium, beside a real host', () => {
    let host: TestHost;
    let page: Server;
    let browser: Browser;
    let api: InboxApi;

    before(async () => {
      await widgetPlugin().prepare?.({ force: false, out: () => undefined });
      host = await startTestHost({
        config: { rateWidgetIp: '1000/60' },
        plugins: [
          inbox,
          channelsPlugin(),
          widgetPlugin(),
          definePlugin({
            id: 'inbox-probe',
            version: '0.0.0',
            dependencies: { inbox: '*' },
            init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
          }),
        ],
      });
      const bundle = await build({
        entryPoints: [here('../src/main.tsx')],
        bundle: true,
        write: false,
        format: 'iife',
        jsx: 'automatic',
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'silent',
      });
      const html = (await readFile(here('../index.html'), 'utf8')).replace(
        '<script type="module" src="./src/main.tsx"></script>',
        '<script src="/app.js"></script>',
      );
      page = createServer((req, res) => {
        if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle.outputFiles[0]!.text);
        else
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(html.replace('http://localhost:3000', host.url).replace('SITE_KEY', siteKey));
      });
      await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
      const pageOrigin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
      const admin = await createTestUser(host, { role: 'admin' });
      const res = await fetch(`${host.url}/api/v1/site-keys`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'React app', allowedOrigins: [pageOrigin] }),
      });
      siteKey = ((await res.json()) as { key: string }).key;
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    });
    let siteKey = '';
    after(async () => {
      await browser?.close();
      await new Promise((r) => page?.close(r));
      await host?.close();
    });

    it("loads widget.js once, opens from the app's button and sends a visitor message to the inbox", async () => {
      const tab = await browser.newPage();
      await tab.route('**/*', (route) =>
        /^https?:\/\/127\.0\.0\.1(:\d+)?\//.test(route.request().url()) ? route.continue() : route.abort(),
      );
      const { port } = page.address() as { port: number };
      await tab.goto(`http://127.0.0.1:${port}/`);
      await tab.getByRole('button', { name: 'Chat with us' }).click();
      const input = tab.getByLabel('Your message');
      await input.fill('Hello from React');
      await input.press('Enter');
      await tab.getByRole('log').getByText('Hello from React').waitFor();
      expect(await tab.locator('script[data-bacon-widget]').count()).to.equal(1);
      const saved = await tab.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
      const cid = (JSON.parse(saved ?? '{}') as { conversationId?: string }).conversationId;
      expect(cid).to.be.a('string');
      const tenantId = (await createTestUser(host, { role: 'agent' })).user.tenantId;
      // The widget shows a message once the host committed it: it is in the inbox already.
      const messages = await api.listMessagesSince(tenantId, cid!, 0);
      expect(messages.map((m) => m.body)).to.deep.equal(['Hello from React']);
      const meta = messages[0]!.payload as { metadata: { page: { url: string } } };
      expect(meta.metadata.page.url).to.equal(`http://127.0.0.1:${port}/`);
    });
  });
});
