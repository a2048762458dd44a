import { expect } from 'chai';
import { placeholdersOf } from '@bacon/inbox-contract';
import { AREAS, CATALOGS, LANGUAGES } from '../../src/i18n/catalog.js';
import { formatDateTime, setLanguage, t, tn } from '../../src/i18n/i18n.js';

describe('console message catalog', () => {
  afterEach(() => setLanguage('en'));

  it('gives every language every key, non-empty, with the same placeholders as English', () => {
    const en = CATALOGS.en;
    for (const { tag: code } of LANGUAGES) {
      const catalog = CATALOGS[code];
      expect(Object.keys(catalog).sort(), code).to.deep.equal(Object.keys(en).sort());
      for (const [key, text] of Object.entries(catalog)) {
        expect(text.trim(), `${code} ${key}`).to.not.equal('');
        expect(placeholdersOf(text), `${code} ${key}`).to.deep.equal(placeholdersOf(en[key as keyof typeof en]));
      }
    }
  });

  it("keeps each area's keys under its own name, and no key in two areas", () => {
    const seen = new Map<string, string>();
    for (const area of AREAS) {
      for (const key of Object.keys(area.en)) {
        expect(key.startsWith(`${area.area}.`), `${key} in ${area.area}`).to.equal(true);
        expect(seen.get(key), key).to.equal(undefined);
        seen.set(key, area.area);
      }
    }
  });

  it('pairs plural texts: every _one has its _other', () => {
    const keys = new Set(Object.keys(CATALOGS.en));
    for (const key of keys) if (key.endsWith('_one')) expect(keys.has(key.replace(/_one$/, '_other')), key).to.equal(true);
  });

  it('translates, fills in, and follows the chosen language', () => {
    expect(t('common.save')).to.equal('Save');
    setLanguage('fr');
    expect(t('common.save')).to.equal('Enregistrer');
    setLanguage('xx'); // not a language the console ships: ignored
    expect(t('common.save')).to.equal('Enregistrer');
  });

  it('formats dates in the chosen language', () => {
    const iso = '2026-03-05T14:07:00Z';
    const en = formatDateTime(iso, { month: 'long', timeZone: 'UTC' });
    setLanguage('fr');
    expect(en).to.equal('March');
    expect(formatDateTime(iso, { month: 'long', timeZone: 'UTC' })).to.equal('mars');
    expect(formatDateTime('not a date')).to.equal('');
  });

  it("picks the plural form by the language's rule", () => {
    expect(tn('common.conversations', 1)).to.equal('1 conversation');
    expect(tn('common.conversations', 0)).to.equal('0 conversations');
    expect(tn('common.conversations', 1200)).to.equal('1,200 conversations');
    setLanguage('fr');
    // French counts 0 and 1 as singular, and groups digits with a narrow space.
    expect(tn('common.conversations', 0)).to.equal('0 conversation');
    expect(tn('common.conversations', 1200)).to.equal('1\u202f200 conversations');
  });
});
