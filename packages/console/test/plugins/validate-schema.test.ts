import { expect } from 'chai';
import { SCHEMA_WORDING_EN } from '@bacon/sdk';
import { TranslatableString } from '@rjsf/utils';
import { translateFormString } from '../../src/plugins/form-strings.js';
import { CATALOGS } from '../../src/i18n/catalog.js';
import { setLanguage } from '../../src/i18n/i18n.js';
import { validateSchema } from '../../src/plugins/validate-schema.js';

const schema = {
  type: 'object',
  required: ['shop', 'token'],
  properties: {
    shop: { type: 'string', pattern: '^[a-z0-9-]+\\.myshopify\\.com$' },
    token: { type: 'string', minLength: 8 },
    pollSeconds: { type: 'integer', minimum: 30, maximum: 3600 },
    mode: { enum: ['live', 'test'] },
    email: { type: 'string', format: 'email' },
    hosts: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 2 },
    nested: { $ref: '#/definitions/n' },
  },
  definitions: { n: { type: 'object', properties: { on: { type: 'boolean' } } } },
};

describe('validateSchema', () => {
  it('accepts a valid value', () => {
    expect(
      validateSchema(schema, {
        shop: 'a.myshopify.com',
        token: '12345678',
        pollSeconds: 60,
        mode: 'live',
        email: 'a@b.co',
        hosts: ['x'],
        nested: { on: true },
      }),
    ).to.deep.equal([]);
  });

  it('names the path and keyword of each problem', () => {
    const issues = validateSchema(schema, {
      shop: 'nope',
      pollSeconds: 5.5,
      mode: 'x',
      email: 'no',
      hosts: ['', 'a', 'b'],
      nested: { on: 'yes' },
    });
    const got = issues.map((i) => `${[...i.path, i.missing].filter(Boolean).join('.')}:${i.keyword}`).sort();
    expect(got).to.deep.equal(
      [
        'email:format',
        'hosts.0:minLength',
        'hosts:maxItems',
        'mode:enum',
        'nested.on:type',
        'pollSeconds:type',
        'shop:pattern',
        'token:required',
      ].sort(),
    );
  });

  it('handles oneOf, anyOf, const and if/then', () => {
    const s = { oneOf: [{ const: 'a' }, { const: 'b' }], if: { const: 'a' }, then: { minLength: 2 } };
    expect(validateSchema(s, 'b')).to.deep.equal([]);
    expect(validateSchema(s, 'c').map((i) => i.keyword)).to.deep.equal(['oneOf']);
    expect(validateSchema(s, 'a').map((i) => i.keyword)).to.deep.equal(['minLength']);
    expect(validateSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 3).map((i) => i.keyword)).to.deep.equal(['anyOf']);
  });
});

describe('validateSchema in the console language', () => {
  afterEach(() => setLanguage('en'));

  it('says in English exactly what the server says, and in French when the agent reads French', () => {
    const bad = { shop: 'x.example', token: 'short', pollSeconds: 5, hosts: ['a', 'b', 'c'], extra: 1 };
    const en = validateSchema(schema, bad).map((i) => i.message);
    expect(en).to.include.members([
      'Token must be at least 8 characters long.',
      'Poll seconds must be at least 30.',
      'Hosts can have at most 2 items.',
      'Shop is not in the expected format.',
    ]);
    setLanguage('fr');
    const fr = validateSchema(schema, bad).map((i) => i.message);
    expect(fr).to.include.members([
      'Token doit contenir au moins 8 caractères.',
      'Poll seconds doit être supérieur ou égal à 30.',
      'Hosts peut contenir au plus 2 éléments.',
      'Shop n’est pas au format attendu.',
    ]);
    expect(validateSchema(schema, {}).map((i) => i.message)).to.include('Shop est obligatoire.');
  });

  it('keeps English the SDK wording itself (one wording for server and console)', () => {
    for (const [key, text] of Object.entries(SCHEMA_WORDING_EN)) {
      expect(CATALOGS.en[`plugins.schema.${key}` as keyof typeof CATALOGS.en], key).to.equal(text);
    }
  });
});

describe('rjsf texts in the console language', () => {
  afterEach(() => setLanguage('en'));

  it("keeps rjsf's English and says its buttons in French, parameters filled in", () => {
    expect(translateFormString(TranslatableString.AddItemButton)).to.equal('Add Item');
    expect(translateFormString(TranslatableString.KeyLabel, ['Host'])).to.equal('Host Key');
    setLanguage('fr');
    expect(translateFormString(TranslatableString.AddItemButton)).to.equal('Ajouter un élément');
    expect(translateFormString(TranslatableString.KeyLabel, ['Host'])).to.equal('Clé Host');
  });
});
