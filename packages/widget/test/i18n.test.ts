import { expect } from 'chai';
import { CATALOGS, pickLocale, shortTime, siteText, translator } from '../src/i18n.js';

describe('widget message catalog', () => {
  it('has every key in every language, none of them empty', () => {
    const keys = Object.keys(CATALOGS.en!).sort();
    expect(Object.keys(CATALOGS).length).to.be.at.least(2);
    for (const [lang, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog).sort(), lang).to.deep.equal(keys);
      for (const [k, v] of Object.entries(catalog)) expect(v.trim(), `${lang}.${k}`).to.not.equal('');
    }
  });

  it('keeps the same placeholders in every language', () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [lang, catalog] of Object.entries(CATALOGS))
      for (const [k, v] of Object.entries(catalog)) expect(vars(v), `${lang}.${k}`).to.deep.equal(vars(CATALOGS.en![k as never]));
  });

  it("picks the page's language first, then the browser's in order, by base language, else English", () => {
    expect(pickLocale(['fr', 'en-US'])).to.equal('fr');
    expect(pickLocale([undefined, 'de-DE', 'fr-CA', 'en'])).to.equal('fr');
    expect(pickLocale(['EN_gb'])).to.equal('en');
    expect(pickLocale(['de', 'ja'])).to.equal('en');
    expect(pickLocale(['constructor', '__proto__', 'toString'])).to.equal('en');
    expect(pickLocale([])).to.equal('en');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('fr');
    expect(t('viewNamed', { name: 'Mug' })).to.equal('Voir Mug');
    expect(t('viewNamed')).to.equal('Voir {name}');
    expect(translator('xx')('send')).to.equal('Send');
  });

  it("translates a site's untouched default texts and keeps its own words", () => {
    const t = translator('fr');
    expect(siteText(t, 'Chat with us', 'defaultTitle')).to.equal('Discutons');
    expect(siteText(t, 'Hi! How can we help?', 'defaultGreeting')).to.equal('Bonjour ! Comment pouvons-nous vous aider ?');
    expect(siteText(t, 'Ask Acme', 'defaultTitle')).to.equal('Ask Acme');
  });

  it('formats a message time in the language, and nothing for an unreadable date', () => {
    expect(shortTime('en', '2026-12-01T09:05:00.000Z')).to.match(/\d{1,2}:05/);
    expect(shortTime('en', 'not a date')).to.equal('');
  });
});
