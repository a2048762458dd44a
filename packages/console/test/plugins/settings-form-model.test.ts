import { expect } from 'chai';
import {
  formSchema,
  formUiSchema,
  initialFormData,
  schemaDefaults,
  secretNames,
  serverErrorSchema,
  settingsToSave,
  splitSettings,
} from '../../src/plugins/settings-form-model.js';

const schema = {
  type: 'object',
  required: ['apiKey', 'shop'],
  properties: {
    shop: { type: 'string', default: 'demo' },
    apiKey: { type: 'string', writeOnly: true, 'x-secret': true },
    pollSeconds: { type: 'integer', default: 60 },
    mode: { enum: ['live', 'test'] },
  },
};

describe('settings form model', () => {
  it('finds secrets by x-secret or writeOnly', () => {
    expect(secretNames(schema)).to.deep.equal(['apiKey']);
    expect(secretNames({ properties: { a: { writeOnly: true } } })).to.deep.equal(['a']);
  });

  it('stops requiring a secret that is already set', () => {
    expect(formSchema(schema, { apiKey: true }).required).to.deep.equal(['shop']);
    expect(formSchema(schema, {}).required).to.deep.equal(['apiKey', 'shop']);
  });

  it('renders secrets as password inputs saying "set", and shows defaults and overrides', () => {
    const ui = formUiSchema(
      schema,
      { mode: { 'ui:widget': 'radio' } },
      { shop: 'demo', pollSeconds: 60 },
      { pollSeconds: 120 },
      { apiKey: true },
    ) as Record<string, Record<string, unknown>>;
    expect(ui.apiKey).to.include({ 'ui:widget': 'password', 'ui:placeholder': 'set' });
    expect(ui.pollSeconds!['ui:help']).to.equal('Overridden for this workspace (default: 60).');
    expect(ui.shop!['ui:help']).to.equal('Default: demo.');
    expect(ui.mode!['ui:widget']).to.equal('radio');
  });

  it('never puts a secret into the form data', () => {
    expect(initialFormData(schema, { shop: 'demo' }, { apiKey: 'leaked?', pollSeconds: 5 })).to.deep.equal({
      shop: 'demo',
      pollSeconds: 5,
    });
  });

  it('reads defaults from the schema, nested objects included', () => {
    const nested = {
      properties: {
        a: { default: 1 },
        w: { type: 'object', properties: { c: { default: 'red' }, d: { type: 'string' } } },
        e: { type: 'string' },
      },
    };
    expect(schemaDefaults(nested)).to.deep.equal({ a: 1, w: { c: 'red' } });
  });

  it('splits effective settings into defaults, overrides and which secrets are set', () => {
    const split = splitSettings(schema, { shop: 'demo', pollSeconds: 120, apiKey: '********' });
    expect(split).to.deep.equal({
      defaults: { shop: 'demo', pollSeconds: 60 },
      overrides: { pollSeconds: 120 },
      secrets: { apiKey: true },
    });
    expect(splitSettings(schema, { shop: 'demo' }).secrets).to.deep.equal({ apiKey: false });
  });

  it('saves only what differs from the defaults, and a secret only when a new value was typed', () => {
    const defaults = { shop: 'demo', pollSeconds: 60 };
    expect(settingsToSave(schema, { shop: 'demo', pollSeconds: 60, mode: 'live', apiKey: '' }, defaults)).to.deep.equal({ mode: 'live' });
    expect(settingsToSave(schema, { shop: 'mine', pollSeconds: 60, apiKey: 'sk_new' }, defaults)).to.deep.equal({
      shop: 'mine',
      apiKey: 'sk_new',
    });
    expect(settingsToSave(schema, { apiKey: '********' }, defaults)).to.deep.equal({});
  });

  it('maps server validation errors onto the fields they name', () => {
    const es = serverErrorSchema([
      { field: 'body/settings/shop', message: 'bad shop' },
      { field: 'body/pollSeconds', message: 'too small' },
      { field: 'body/hosts/0', message: 'empty' },
      { field: 'settings', message: "must have required property 'apiKey'", params: { missingProperty: 'apiKey' } },
    ]);
    expect(es).to.deep.equal({
      shop: { __errors: ['bad shop'] },
      pollSeconds: { __errors: ['too small'] },
      hosts: { 0: { __errors: ['empty'] } },
      apiKey: { __errors: ["must have required property 'apiKey'"] },
    });
    expect(serverErrorSchema([], 'Plugin refused')).to.deep.equal({ __errors: ['Plugin refused'] });
  });
});
