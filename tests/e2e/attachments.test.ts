import { expect } from 'chai';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin, localDiskStore } from '@bacon/plugin-channels';
import { consoleBuilt, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

// An 8x8 red PNG: small enough for any limit, a real image for the browser to decode.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4oaGBFTEMLQkAgl1GAWqNFmsAAAAASUVORK5CYII=', 'base64');

/** Files both ways: the visitor attaches a file in the widget, the agent attaches an image in the console. */
describe('attachments between the widget and the console', function () {
  this.timeout(240_000);
  let host: TestHost;
  let agent: TestUser;
  let siteKey: string;
  let dir: string;
  let browser: Browser;
  let visitor: Page;
  let console_: Page;
  let errors: string[];
  let conversationId: string;

  const widget = () => visitor.locator('#bacon-widget');

  before(async () => {
    await consoleBuilt();
    dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-e2e-files-'));
    host = await startTestHost({
      config: { rateWidgetIp: '1000/60' },
      plugins: [inbox, channelsPlugin({ attachments: localDiskStore(dir) }), ...uiPlugins()],
    });
    const admin = await createTestUser(host, { role: 'admin' });
    agent = await createTestUser(host, { role: 'agent', name: 'Kim Lee', email: 'kim@files.test', password: 'correct-horse-battery' });
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Demo', allowedOrigins: [new URL(host.url).origin] }),
    });
    siteKey = ((await res.json()) as { key: string }).key;
    const profile = await fetch(`${host.url}/api/v1/auth/me`, {
      method: 'PATCH',
      headers: { ...agent.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ avatarUrl: `data:image/png;base64,${PNG.toString('base64')}` }),
    });
    expect(profile.status).to.equal(200);
    browser = await launchChromium();
    ({ page: visitor } = await loopbackContext(browser));
    ({ page: console_, errors } = await loopbackContext(browser));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the visitor sees the limits, attaches a file, and the agent sees it and downloads it', async () => {
    await visitor.goto(`${host.url}/demo?siteKey=${siteKey}`);
    await widget().locator('button.launcher').click();
    await widget().locator('.limits', { hasText: 'Files up to 700 KB: PNG, JPEG, GIF, WEBP, PDF, TXT' }).waitFor();
    await widget().locator('textarea').fill('Hello, my receipt is attached.');
    await widget().locator('textarea').press('Enter');
    await widget().locator('.msg.mine', { hasText: 'Hello, my receipt is attached.' }).waitFor();
    // A type the site does not take is refused in the browser, with the reason.
    await widget()
      .locator('input[type=file]')
      .setInputFiles({ name: 'tool.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await widget().locator('.error', { hasText: 'cannot be sent' }).waitFor();
    await widget()
      .locator('input[type=file]')
      .setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('Order 1234: 2 x socks') });
    await widget().locator('.msg.mine a.file', { hasText: 'receipt.txt' }).waitFor();
    // Stored, and no agent has the conversation yet.
    await widget().locator('.msg.mine .st', { hasText: 'Sent' }).first().waitFor();
    conversationId = (
      JSON.parse((await visitor.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey)) ?? '{}') as { conversationId: string }
    ).conversationId;

    await signIn(console_, host.url, 'kim@files.test', 'correct-horse-battery');
    await console_.goto(`${host.url}/webui.html#/inbox/${conversationId}`);
    const file = console_.getByRole('log', { name: 'Transcript' }).getByRole('button', { name: /receipt\.txt/ });
    await file.waitFor();
    const [download] = await Promise.all([console_.waitForEvent('download'), file.click()]);
    expect(download.suggestedFilename()).to.equal('receipt.txt');
    // The agent has it open: the visitor's messages read "Seen", live.
    await waitFor(async () => (await widget().locator('.msg.mine .st').allInnerTexts()).every((s) => s === 'Seen'), {
      what: 'the visitor’s messages marked seen',
      timeoutMs: 20_000,
    });
  });

  it('the agent attaches an image (picker), sends it, and the visitor sees it inline', async () => {
    await console_.locator('.attachment-tray .hint', { hasText: 'Files up to 700 KB' }).waitFor();
    await console_.locator('.attachment-tray input[type=file]').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG });
    await console_.locator('.attachment-chip.is-ready', { hasText: 'label.png' }).waitFor();
    await console_.getByLabel('Reply to the contact').fill('Here is your return label.');
    await console_.getByRole('button', { name: 'Send', exact: true }).click();
    await console_.locator('.bubble-agent img.attachment-image[alt="label.png"]').waitFor();
    await waitFor(
      () => console_.locator('img.attachment-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 8),
      {
        what: 'the image decoded in the console',
      },
    );

    const shot = widget().locator('.msg.theirs img.shot[alt="label.png"]');
    await shot.waitFor();
    await waitFor(() => shot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 8), {
      what: 'the image decoded in the widget',
    });
    expect(await widget().locator('.msg.theirs', { hasText: 'Here is your return label.' }).count()).to.equal(1);
    // The reply carries the agent's name and avatar from their profile.
    const by = widget().locator('.msg.theirs', { hasText: 'Here is your return label.' }).locator('.by');
    await by.filter({ hasText: 'Kim Lee' }).waitFor();
    await waitFor(() => by.locator('img.av').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 8), {
      what: 'the agent’s avatar',
    });
  });

  it('drops an image on the console composer and pastes one, both upload', async () => {
    const dropped = await console_.evaluateHandle((b64) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      return dt;
    }, PNG.toString('base64'));
    await console_.locator('.composer').dispatchEvent('drop', { dataTransfer: dropped });
    await console_.locator('.attachment-chip.is-ready', { hasText: 'dropped.png' }).waitFor();
    await console_.getByLabel('Reply to the contact').evaluate((area, b64) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, PNG.toString('base64'));
    await console_.locator('.attachment-chip.is-ready', { hasText: 'pasted.png' }).waitFor();
    // Files only: the reply's text is their names.
    await console_.getByRole('button', { name: 'Send', exact: true }).click();
    await console_.locator('.bubble-agent img.attachment-image[alt="pasted.png"]').waitFor();
    await widget().locator('.msg.theirs img.shot[alt="dropped.png"]').waitFor();
    expect(await seriousViolations(console_)).to.deep.equal([]);
  });

  it('takes a file the visitor drops on the widget panel', async () => {
    const dropped = await visitor.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['serial: AB-42'], 'serial.txt', { type: 'text/plain' }));
      return dt;
    });
    await widget().locator('.panel').dispatchEvent('drop', { dataTransfer: dropped });
    await widget().locator('.msg.mine a.file', { hasText: 'serial.txt' }).waitFor();
    await console_
      .getByRole('log', { name: 'Transcript' })
      .getByRole('button', { name: /serial\.txt/ })
      .waitFor();
  });

  it('shows every file again after both pages reload', async () => {
    await Promise.all([visitor.reload(), console_.reload()]);
    await widget().locator('button.launcher[aria-expanded=true]').waitFor();
    await widget().locator('.msg.theirs img.shot[alt="label.png"]').waitFor();
    await widget().locator('.msg.mine a.file', { hasText: 'receipt.txt' }).waitFor();
    await widget().locator('.msg.mine .st', { hasText: 'Seen' }).first().waitFor();
    await console_.locator('.bubble-agent img.attachment-image[alt="label.png"]').waitFor();
    await console_
      .getByRole('log', { name: 'Transcript' })
      .getByRole('button', { name: /receipt\.txt/ })
      .waitFor();
    expect(errors).to.deep.equal([]);
  });
});
