import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, startTestHost, type TestHost } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, docScreenshot, launchChromium, loopbackContext, seriousViolations, signIn, uiPlugins } from './console-support.js';

/** My profile, a password change, and an admin's password reset, as people do them in a browser. */
describe('profile and passwords in the console', function () {
  this.timeout(180_000);
  let host: TestHost;
  let browser: Browser;
  const errorLists: string[][] = [];

  async function freshPage(): Promise<Page> {
    const { page, errors } = await loopbackContext(browser);
    errorLists.push(errors);
    return page;
  }

  async function signOutAndIn(page: Page, email: string, password: string) {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    await signIn(page, host.url, email, password);
  }

  before(async () => {
    await consoleBuilt();
    // Every sign-in here comes from 127.0.0.1: more than the default 5 per 20 s an address may try.
    host = await startTestHost({ plugins: [inbox, channelsPlugin(), ...uiPlugins()], config: { rateLoginIp: '1000/20' } });
    await createTestUser(host, { role: 'admin', name: 'Ada Admin', email: 'ada@profile.test', password: 'admin password 1' });
    await createTestUser(host, { name: 'Pat', email: 'pat@profile.test', password: 'pat password 1' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  it('renames me, keeps a preference, and changes my password; the page survives a reload and the new password signs in', async () => {
    const page = await freshPage();
    await signIn(page, host.url, 'pat@profile.test', 'pat password 1');
    await page.getByRole('link', { name: /Pat.*agent/ }).click();
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
    expect(await seriousViolations(page), 'profile page').to.deep.equal([]);

    await page.getByLabel('Name', { exact: true }).fill('Pat Jones');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    await page.getByRole('link', { name: /Pat Jones.*agent/ }).waitFor();

    await page.getByLabel('Play a sound').click();
    await page.waitForFunction(() => (document.getElementById('pref-sound') as HTMLInputElement | null)?.checked === true);

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password (10+ characters)').fill('pat password 2');
    await page.getByLabel('New password again').fill('pat password 2');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The current password is not correct.').waitFor();

    await page.getByLabel('Current password').fill('pat password 1');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions are signed out.').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await docScreenshot(page, 'console-profile');

    // The session continues on the new refresh cookie across a reload.
    await page.reload();
    await page.getByRole('heading', { name: 'My profile', level: 1 }).waitFor();
    expect(await page.getByLabel('Play a sound').isChecked()).to.equal(true);

    await signOutAndIn(page, 'pat@profile.test', 'pat password 2');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The inbox has fields whose labels contain "Email" too: wait for the sign-in form itself.
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('pat@profile.test');
    await page.getByLabel('Password', { exact: true }).fill('pat password 1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password.').waitFor();
    await page.context().close();
  });

  it('lets an admin reset a password: the temporary one is shown once, and its user must choose their own first', async () => {
    const adminPage = await freshPage();
    await signIn(adminPage, host.url, 'ada@profile.test', 'admin password 1');
    await adminPage.goto(`${host.url}/webui.html#/admin/users`);
    const row = adminPage.getByRole('row', { name: /pat@profile\.test/ });
    adminPage.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Reset password' }).click();
    const shown = adminPage.locator('code.secret-once');
    await shown.waitFor();
    const temporary = (await shown.innerText()).trim();
    expect(temporary).to.have.length.greaterThan(12);

    const page = await freshPage();
    await page.goto(`${host.url}/webui.html`);
    await page.getByLabel('Email').fill('pat@profile.test');
    await page.getByLabel('Password').fill(temporary);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).count(), 'no inbox before a new password').to.equal(0);
    expect(await seriousViolations(page), 'password gate').to.deep.equal([]);
    await page.getByLabel('Current password').fill(temporary);
    await page.getByLabel('New password (10+ characters)').fill('pat password 3');
    await page.getByLabel('New password again').fill('pat password 3');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.getByRole('heading', { name: 'Inbox', level: 1, exact: true }).waitFor();
    await signOutAndIn(page, 'pat@profile.test', 'pat password 3');
    await adminPage.context().close();
    await page.context().close();
  });

  it('raised no script errors along the way', () => {
    expect(errorLists.flat()).to.deep.equal([]);
  });
});
