import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import { launchChromium, loopbackContext, seriousViolations, signIn, startConsoleHost } from './console-support.js';

/**
 * The console follows the browser's language: a French browser gets the inbox and the conversation
 * in French (views, list, composer, buttons, timeline), still after a reload; an English one, English.
 */
describe('console in the browser language (French)', function () {
  this.timeout(180_000);
  let host: TestHost;
  let api: InboxApi;
  let agent: TestUser;
  let browser: Browser;
  let conversationId: string;

  before(async () => {
    ({ host, inbox: api } = await startConsoleHost());
    agent = await createTestUser(host, { role: 'agent', name: 'Léa Martin', email: 'lea@french.test', password: 'correct-horse-battery' });
    conversationId = (
      await api.ingestInbound(agent.user.tenantId, {
        channel: 'web',
        externalConversationId: 'thread-french',
        externalMessageId: 'msg-french-1',
        contact: { externalId: 'visitor-french', name: 'Alice Dupont', email: 'alice@french.test' },
        text: 'Où est mon colis ?',
      })
    ).conversation.id;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  const viewNames = (page: Page) =>
    page
      .locator('[data-view] > span:first-child')
      .allInnerTexts()
      .then((names) => names.map((n) => n.trim()));

  it('signs in, shows the inbox and a conversation in French, and stays French after a reload', async () => {
    const { context, page, errors } = await loopbackContext(browser, { locale: 'fr-FR' });
    try {
      await page.goto(`${host.url}/webui.html`);
      await page.getByRole('heading', { name: 'Connectez-vous à votre boîte de réception' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
      await page.getByLabel('E-mail', { exact: true }).fill('lea@french.test');
      await page.getByLabel('Mot de passe', { exact: true }).fill('correct-horse-battery');
      await page.getByRole('button', { name: 'Se connecter' }).click();

      // The inbox: its title, views, filters and list.
      await page.getByRole('heading', { name: 'Boîte de réception', level: 1, exact: true }).waitFor();
      await page.locator('[data-view="all"] .count[data-count="1"]').waitFor();
      expect(await viewNames(page)).to.deep.equal(['Nouvelles', 'Les miennes', 'Non attribuées', 'Toutes', 'En pause', 'Fermées']);
      await page.getByRole('navigation', { name: 'Vues' }).waitFor();
      await page.getByPlaceholder('Filtrer cette liste').waitFor();
      await page.getByLabel('Trier par').waitFor();
      expect(await page.getByLabel('Trier par').locator('option').allInnerTexts()).to.deep.equal([
        'Activité récente',
        "Plus récentes d'abord",
        'Priorité',
      ]);
      const list = page.getByRole('navigation', { name: 'Conversations : Toutes' });
      await list.getByText('Alice Dupont').waitFor();
      await page.getByText('Choisissez une conversation à gauche, ou appuyez sur j.').waitFor();
      expect(await seriousViolations(page), 'axe on the French inbox').to.deep.equal([]);

      // A conversation: header, actions, composer and the timeline's labels.
      await page.locator(`.conv-list [data-conversation-id="${conversationId}"] a`).click();
      const transcript = page.getByRole('log', { name: 'Historique' });
      await transcript.getByText('Où est mon colis ?').waitFor();
      await page.locator('#conv-title', { hasText: 'Alice Dupont' }).waitFor();
      await page.locator('.conv-head [data-state="new"]', { hasText: 'Nouvelle' }).waitFor();
      for (const name of ["M'attribuer", 'Tour de rôle', 'Mettre en pause…', 'Fermer', 'Macros'])
        await page.getByRole('button', { name, exact: true }).waitFor();
      await page.getByRole('tab', { name: 'Répondre' }).waitFor();
      await page.getByRole('combobox', { name: 'Réponse au contact' }).waitFor();
      expect(await page.locator('#composer-text').getAttribute('placeholder')).to.equal(
        'Répondre… tapez / pour les macros, Ctrl+Entrée pour envoyer',
      );
      expect(await page.getByLabel('Priorité', { exact: true }).locator('option').allInnerTexts()).to.include.members([
        'Sans priorité',
        'Basse',
        'Moyenne',
        'Haute',
        'Urgente',
      ]);

      // A reply and a private note land in the timeline with French labels.
      await page.locator('#composer-text').fill('Je regarde tout de suite.');
      await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
      // The stored reply (it has its sequence number); a reply sent before the socket is up shows a
      // pending copy from the outbox for a moment, which is not the one to wait for.
      await transcript.locator('.bubble-agent[data-seq]', { hasText: 'Je regarde tout de suite.' }).waitFor();
      await page.getByRole('tab', { name: 'Note interne' }).click();
      await page.getByRole('combobox', { name: 'Note interne pour votre équipe' }).fill('Colis parti hier.');
      await page.getByRole('button', { name: 'Ajouter la note', exact: true }).click();
      const note = transcript.getByRole('article', { name: 'Note interne de Léa Martin' });
      await note.getByText('Colis parti hier.').waitFor();
      await note.locator('.badge-note', { hasText: 'Note interne' }).waitFor();
      await note.locator('time', { hasNotText: 'enregistrement…' }).waitFor();
      // No English word of these areas is left on the screen.
      const main = await page.locator('.conversation-main').innerText();
      for (const english of ['Assign to me', 'Snooze', 'Private note', 'Reply', 'Send', 'Priority', 'Transcript'])
        expect(main, english).not.to.include(english);
      expect(await seriousViolations(page), 'axe on the French conversation').to.deep.equal([]);

      // A reload: still French, the conversation open again.
      await page.reload();
      await page.getByRole('heading', { name: 'Boîte de réception', level: 1, exact: true }).waitFor();
      await page.getByRole('log', { name: 'Historique' }).getByText('Colis parti hier.').waitFor();
      await page.getByRole('button', { name: "M'attribuer", exact: true }).waitFor();
      expect(await viewNames(page)).to.include('Non attribuées');
      expect(await page.locator('html').getAttribute('lang')).to.equal('fr');
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('shows the same screens in English for an English browser', async () => {
    const { context, page, errors } = await loopbackContext(browser, { locale: 'en-US' });
    try {
      await signIn(page, host.url, 'lea@french.test', 'correct-horse-battery');
      expect(await page.locator('html').getAttribute('lang')).to.equal('en');
      expect(await viewNames(page)).to.deep.equal(['New', 'Mine', 'Unassigned', 'All', 'Snoozed', 'Closed']);
      await page.getByPlaceholder('Filter this list').waitFor();
      await page.locator(`.conv-list [data-conversation-id="${conversationId}"] a`).click();
      const transcript = page.getByRole('log', { name: 'Transcript' });
      await transcript.getByRole('article', { name: 'Private note by Léa Martin' }).waitFor();
      for (const name of ['Assign to me', 'Snooze…', 'Close', 'Macros', 'Send'])
        await page.getByRole('button', { name, exact: true }).waitFor();
      await page.getByRole('tab', { name: 'Private note' }).waitFor();
      expect(await page.locator('#composer-text').getAttribute('placeholder')).to.equal('Reply… type / for macros, Ctrl+Enter to send');
      await page.reload();
      await page.getByRole('log', { name: 'Transcript' }).waitFor();
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
