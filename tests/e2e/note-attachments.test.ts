import { expect } from 'chai';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin, localDiskStore } from '@bacon/plugin-channels';
import { consoleBuilt, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

// An 8x8 red PNG: a real image for the browser to decode.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4oaGBFTEMLQkAgl1GAWqNFmsAAAAASUVORK5CYII=', 'base64');

/** Files on a private note: the agent pastes and picks them, teammates see them live, the visitor never does. */
describe('attachments on private notes in the console', function () {
  this.timeout(240_000);
  let host: TestHost;
  let siteKey: string;
  let dir: string;
  let browser: Browser;
  let visitor: Page;
  let kim: Page;
  let sam: Page;
  let errors: string[];
  let conversationId: string;

  const widget = () => visitor.locator('#bacon-widget');
  const note = (page: Page) => page.locator('.bubble-note', { hasText: 'Carrier photo and tracking' });

  before(async () => {
    await consoleBuilt();
    dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-e2e-note-files-'));
    host = await startTestHost({
      config: { rateWidgetIp: '1000/60' },
      plugins: [inbox, channelsPlugin({ attachments: localDiskStore(dir) }), ...uiPlugins()],
    });
    const admin = await createTestUser(host, { role: 'admin' });
    await createTestUser(host, { role: 'agent', name: 'Kim Lee', email: 'kim@notes.test', password: 'correct-horse-battery' });
    await createTestUser(host, { role: 'agent', name: 'Sam Roe', email: 'sam@notes.test', password: 'correct-horse-battery' });
    const res = await fetch(`${host.url}/api/v1/site-keys`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Demo', allowedOrigins: [new URL(host.url).origin] }),
    });
    siteKey = ((await res.json()) as { key: string }).key;
    browser = await launchChromium();
    ({ page: visitor } = await loopbackContext(browser));
    ({ page: kim, errors } = await loopbackContext(browser));
    ({ page: sam } = await loopbackContext(browser));

    await visitor.goto(`${host.url}/demo?siteKey=${siteKey}`);
    await widget().locator('button.launcher').click();
    await widget().locator('textarea').fill('My parcel never arrived.');
    await widget().locator('textarea').press('Enter');
    await widget().locator('.msg.mine .st', { hasText: 'Sent' }).first().waitFor();
    conversationId = (
      JSON.parse((await visitor.evaluate((k) => localStorage.getItem(`bacon:${k}`), siteKey)) ?? '{}') as { conversationId: string }
    ).conversationId;
    for (const [page, email] of [
      [kim, 'kim@notes.test'],
      [sam, 'sam@notes.test'],
    ] as const) {
      await signIn(page, host.url, email, 'correct-horse-battery');
      await page.goto(`${host.url}/webui.html#/inbox/${conversationId}`);
      await page.getByRole('log', { name: 'Transcript' }).getByText('My parcel never arrived.').waitFor();
    }
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pastes an image and picks a file into a note: shown inline, and live in a teammate’s tab', async () => {
    await kim.getByRole('tab', { name: 'Private note' }).click();
    const area = kim.getByLabel('Private note for your team');
    await area.evaluate((el, b64) => {
      const dt = new DataTransfer();
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], 'carrier.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, PNG.toString('base64'));
    await kim.locator('.attachment-chip.is-ready', { hasText: 'carrier.png' }).waitFor();
    await kim
      .locator('.attachment-tray input[type=file]')
      .setInputFiles({ name: 'tracking.txt', mimeType: 'text/plain', buffer: Buffer.from('RR123456789') });
    await kim.locator('.attachment-chip.is-ready', { hasText: 'tracking.txt' }).waitFor();
    await area.fill('Carrier photo and tracking');
    // The reply's tray has none of the note's files.
    await kim.getByRole('tab', { name: 'Reply' }).click();
    expect(await kim.locator('.attachment-chip').count()).to.equal(0);
    await kim.getByRole('tab', { name: 'Private note' }).click();
    expect(await kim.locator('.attachment-chip.is-ready').count()).to.equal(2);
    await kim.getByRole('button', { name: 'Add note' }).click();

    for (const page of [kim, sam]) {
      const image = note(page).locator('img.attachment-image[alt="carrier.png"]');
      await image.waitFor();
      await waitFor(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 8), {
        what: 'the note’s image decoded',
      });
      await note(page)
        .getByRole('button', { name: /tracking\.txt/ })
        .waitFor();
    }
    expect(await kim.locator('.attachment-chip').count()).to.equal(0);
    const [download] = await Promise.all([
      sam.waitForEvent('download'),
      note(sam)
        .getByRole('button', { name: /tracking\.txt/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).to.equal('tracking.txt');
    expect(await seriousViolations(kim)).to.deep.equal([]);
  });

  it('drops a file on the note composer', async () => {
    const dropped = await kim.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['case 42'], 'case.txt', { type: 'text/plain' }));
      return dt;
    });
    await kim.locator('.composer').dispatchEvent('drop', { dataTransfer: dropped });
    await kim.locator('.attachment-chip.is-ready', { hasText: 'case.txt' }).waitFor();
    // Files only: the note's text is their names.
    await kim.getByRole('button', { name: 'Add note' }).click();
    await sam
      .locator('.bubble-note')
      .getByRole('button', { name: /case\.txt/ })
      .waitFor();
  });

  it('shows the note’s files after a reload, and the visitor never sees them', async () => {
    await kim.reload();
    await note(kim).locator('img.attachment-image[alt="carrier.png"]').waitFor();
    await note(kim)
      .getByRole('button', { name: /tracking\.txt/ })
      .waitFor();

    // A reply after the notes: once the widget shows it, it has had everything meant for it.
    await kim.getByRole('tab', { name: 'Reply' }).click();
    await kim.getByLabel('Reply to the contact').fill('We are on it with the carrier.');
    await kim.getByRole('button', { name: 'Send', exact: true }).click();
    await widget().locator('.msg.theirs', { hasText: 'We are on it with the carrier.' }).waitFor();
    await visitor.reload();
    await widget().locator('button.launcher[aria-expanded=true]').waitFor();
    await widget().locator('.msg.theirs', { hasText: 'We are on it with the carrier.' }).waitFor();
    const shown = await widget().locator('.panel').innerText();
    for (const secret of ['Carrier photo and tracking', 'carrier.png', 'tracking.txt', 'case.txt']) expect(shown).not.to.include(secret);
    expect(await widget().locator('img.shot').count()).to.equal(0);
    expect(await widget().locator('a.file').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
  });
});
