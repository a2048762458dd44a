import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, uiPlugins, launchChromium, loopbackContext, seriousViolations, signIn } from './console-support.js';

/** The parked-events page: an admin sees what a consumer gave up on, retries it once fixed, or discards it. */
describe('parked events in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let admin: TestUser;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let broken = true;
  const handled: string[] = [];

  const parked = async () => {
    const res = await fetch(`${host.url}/api/v1/events/parked`, { headers: admin.headers });
    return ((await res.json()) as { parked: { id: string; eventId: string; key: string; status: string; attempts: number }[] }).parked;
  };
  const append = (name: string) =>
    host.services.db.knex.transaction((trx) =>
      host.services.events.append(trx, [{ topic: 'crm.push', tenantId: admin.user.tenantId, key: name, payload: { name } }]),
    );

  before(async () => {
    await consoleBuilt();
    host = await startTestHost({ plugins: [inbox, channelsPlugin(), ...uiPlugins()], config: { eventsPollMs: 100 } });
    admin = await createTestUser(host, { role: 'admin', email: 'pat@example.test', password: 'correct-horse-battery' });
    await host.services.events.consume(
      'crm.sync',
      'crm.*',
      async (e) => {
        const name = (e.payload as { name: string }).name;
        if (broken || name === 'hopeless') throw new Error(`the CRM refused ${name}`);
        handled.push(name);
      },
      { maxAttempts: 2, retryBaseMs: 5 },
    );
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await loopbackContext(browser));
    await signIn(page, host.url, 'pat@example.test', 'correct-horse-battery');
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('lists parked events, retries one once the cause is fixed and discards another', async () => {
    await append('contact-1');
    await append('hopeless');
    await waitFor(async () => (await parked()).length === 2, { what: 'both events to be parked', timeoutMs: 60_000, everyMs: 100 });
    const rows = await parked();
    const first = rows.find((r) => r.key === 'contact-1');
    const second = rows.find((r) => r.key === 'hopeless');
    await page.goto(`${host.url}/webui.html#/admin/parked-events`);
    await page.getByRole('heading', { name: 'Parked events', level: 1 }).waitFor();
    await page.getByText('the CRM refused contact-1').waitFor();
    expect(await seriousViolations(page)).to.deep.equal([]);

    broken = false;
    await page.getByRole('button', { name: `Retry crm.push event ${first!.eventId}` }).click();
    await page.getByText('the CRM refused contact-1').waitFor({ state: 'detached' });
    expect(handled).to.deep.equal(['contact-1']);

    await page.getByRole('button', { name: `Discard crm.push event ${second!.eventId}` }).click();
    await page.getByText('No parked events.').waitFor();
    expect(await parked()).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });
});
