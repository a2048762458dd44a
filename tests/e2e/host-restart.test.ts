import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { definePlugin } from '@bacon/sdk';
import {
  createTestDatabase,
  createTestUser,
  startTestHost,
  waitFor,
  type TestDatabase,
  type TestHost,
  type TestUser,
} from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import type { InboxApi } from '@bacon/inbox-contract';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, launchChromium, loopbackContext, signIn, uiPlugins } from './console-support.js';

/**
 * The host restarts (same port, same database) while a visitor's widget and an agent's console are
 * open. Stopping sends every socket a server-side disconnect, which socket.io does not redial by
 * itself: the widget must, and catch up by sequence number on what was sent before it was back.
 */
describe('a host restart with the widget and the console open', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let host: TestHost | undefined;
  let port: number;
  let api: InboxApi;
  let agent: TestUser;
  let siteKey: string;
  let browser: Browser;
  let visitorCtx: BrowserContext;
  let visitor: Page;
  let console_: Page;
  /** Socket.io requests (polling and WebSocket upgrades) the current host received. */
  let socketRequests = 0;

  const probe = definePlugin({
    id: 'restart-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
  });

  async function start(config: Record<string, unknown> = {}): Promise<TestHost> {
    const h = await startTestHost({
      database,
      config: { rateWidgetIp: '1000/60', ...(port ? { port } : {}), ...config },
      plugins: [inbox, channelsPlugin(), ...uiPlugins(), probe],
    });
    socketRequests = 0;
    const count = (req: { url?: string }) => {
      if (req.url?.startsWith('/socket.io/')) socketRequests++;
    };
    h.server.on('request', count);
    h.server.on('upgrade', count);
    return h;
  }
  async function restart(config: Record<string, unknown> = {}, whileDown?: () => Promise<void>): Promise<void> {
    await host!.stop();
    host = undefined;
    await whileDown?.();
    host = await start(config);
    expect(host.url).to.equal(`http://127.0.0.1:${port}`);
  }
  const conversationId = async () => {
    const saved = await visitor.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
    return (JSON.parse(saved ?? '{}') as { conversationId?: string }).conversationId;
  };
  const reply = async (cid: string, text: string) => api.sendAgentMessage(agent.user.tenantId, cid, { authorId: agent.user.id, text });
  const log = () => visitor.getByRole('log');

  before(async () => {
    await consoleBuilt();
    database = await createTestDatabase();
    host = await start();
    port = Number(new URL(host.url).port);
    const admin = await createTestUser(host, { role: 'admin' });
    agent = await createTestUser(host, { role: 'agent', email: 'restart@example.test', password: 'correct-horse-battery' });
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Demo', allowedOrigins: [new URL(host.url).origin] }),
    });
    siteKey = ((await res.json()) as { key: string }).key;
    browser = await launchChromium();
    ({ context: visitorCtx, page: visitor } = await loopbackContext(browser));
    ({ page: console_ } = await loopbackContext(browser));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await database?.drop();
  });

  it('the widget redials after the restart, catches up on a reply sent before it was back, and gets later replies live', async () => {
    await visitor.goto(`${host!.url}/demo?siteKey=${siteKey}`);
    await visitor.locator('#bacon-widget button.launcher').click();
    await visitor.getByLabel('Your message').fill('Is anyone there?');
    await visitor.getByLabel('Your message').press('Enter');
    await log().getByText('Is anyone there?').waitFor();
    const cid = (await waitFor(conversationId, { what: 'the conversation id' }))!;
    await reply(cid, 'Yes, live before the restart.');
    await log().getByText('Yes, live before the restart.').waitFor();

    // Offline while the host is down and just after: the widget cannot be back before the reply.
    await restart({}, () => visitorCtx.setOffline(true));
    await reply(cid, 'Sent before your widget was back.');
    expect(socketRequests, 'no widget socket reached the new host yet').to.equal(0);
    await visitorCtx.setOffline(false);
    await log().getByText('Sent before your widget was back.').waitFor({ timeout: 30_000 });
    await reply(cid, 'And this one is live.');
    await log().getByText('And this one is live.').waitFor({ timeout: 15_000 });
  });

  it('the widget redials after a restart with nothing in its way (the server-side disconnect alone)', async () => {
    const cid = (await conversationId())!;
    await restart();
    await reply(cid, 'Right after the second restart.');
    await log().getByText('Right after the second restart.').waitFor({ timeout: 30_000 });
    await reply(cid, 'Live after the second restart.');
    await log().getByText('Live after the second restart.').waitFor({ timeout: 15_000 });
  });

  it('the console, signed in, redials too: a new conversation after the restart appears live', async () => {
    await signIn(console_, host!.url, 'restart@example.test', 'correct-horse-battery');
    await restart();
    const { page: other } = await loopbackContext(browser);
    await other.goto(`${host!.url}/demo?siteKey=${siteKey}`);
    await other.locator('#bacon-widget button.launcher').click();
    await other.getByLabel('Your message').fill('A new visitor after the restart');
    await other.getByLabel('Your message').press('Enter');
    await console_.locator('[data-conversation-id]', { hasText: 'A new visitor after the restart' }).waitFor({ timeout: 30_000 });
    await other.context().close();
  });

  it('a token the restarted host refuses (its signing key changed) opens a new session, and the chat works again', async () => {
    const before = await visitor.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
    await restart({ jwtKeys: ['rotated:a-brand-new-signing-secret-for-this-test-only-0123456789'] });
    const renewed = await waitFor(
      async () => {
        const now = await visitor.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey);
        return now && now !== before && JSON.parse(now).token !== JSON.parse(before!).token ? now : undefined;
      },
      { what: 'a new visitor session', timeoutMs: 30_000 },
    );
    expect(JSON.parse(renewed).visitorId).to.not.equal(JSON.parse(before!).visitorId);
    // The old visitor's transcript is gone from view; a new message starts a new conversation.
    await log().getByText('Is anyone there?').waitFor({ state: 'detached' });
    await visitor.getByLabel('Your message').fill('Starting over');
    await visitor.getByLabel('Your message').press('Enter');
    await log().getByText('Starting over').waitFor();
    const cid = (await waitFor(
      async () => {
        const id = await conversationId();
        return id && id !== JSON.parse(before!).conversationId ? id : undefined;
      },
      { what: 'the new conversation' },
    ))!;
    await reply(cid, 'Welcome back.');
    await log().getByText('Welcome back.').waitFor({ timeout: 15_000 });
  });
});
