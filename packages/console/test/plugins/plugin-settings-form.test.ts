import { expect } from 'chai';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PluginSettingsForm } from '../../src/plugins/plugin-settings-form.js';
import { secretNames } from '../../src/plugins/settings-form-model.js';
import { repoPlugins } from '../support/repo-plugins.js';

/** Renders a form server-side, failing on anything React or rjsf complains about. */
function render(props: Parameters<typeof PluginSettingsForm>[0]): string {
  const complaints: unknown[] = [];
  const original = { error: console.error, warn: console.warn };
  console.error = (...a: unknown[]) => complaints.push(a);
  console.warn = (...a: unknown[]) => complaints.push(a);
  try {
    const html = renderToStaticMarkup(createElement(PluginSettingsForm, props));
    expect(complaints, JSON.stringify(complaints)).to.deep.equal([]);
    return html;
  } finally {
    Object.assign(console, original);
  }
}

/** The `<input>` tag rendered for one field. */
function inputTag(html: string, id: string): string {
  return new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';
}

/** Every kind of field the official plugins use, so the form engine is exercised even before they land. */
const KITCHEN_SINK = {
  type: 'object',
  required: ['apiKey', 'shop'],
  properties: {
    shop: { type: 'string', title: 'Shop domain', pattern: '^[a-z0-9-]+\\.myshopify\\.com$' },
    apiKey: { type: 'string', title: 'API key', writeOnly: true, 'x-secret': true },
    region: { type: 'string', enum: ['us', 'eu'], default: 'us' },
    pollSeconds: { type: 'integer', minimum: 30, default: 60 },
    sync: { type: 'boolean', default: true },
    hosts: { type: 'array', items: { type: 'string' } },
    mapping: { type: 'object', properties: { field: { type: 'string' } } },
    notes: { type: 'string' },
  },
};

describe('PluginSettingsForm', () => {
  it('renders every kind of field, secrets as empty password inputs saying "set"', () => {
    const html = render({
      pluginId: 'sink',
      schema: KITCHEN_SINK,
      uiSchema: { notes: { 'ui:widget': 'textarea' } },
      defaults: { region: 'us', pollSeconds: 60, sync: true },
      overrides: { region: 'eu' },
      secrets: { apiKey: true },
    });
    const secret = inputTag(html, 'settings-sink_apiKey');
    expect(secret).to.include('type="password"').and.include('placeholder="set"').and.include('value=""');
    expect(html).to.include('Overridden for this workspace (default: us).');
    expect(html).to.include('<textarea');
    expect(html).to.include('Save settings');
  });

  it('never writes a secret value into the page, even if one were handed to it', () => {
    const html = render({
      pluginId: 'sink',
      schema: KITCHEN_SINK,
      defaults: {},
      overrides: { apiKey: 'sk_live_SHOULD_NOT_SHOW', shop: 'a.myshopify.com' },
      secrets: { apiKey: true },
    });
    expect(html).not.to.include('sk_live_SHOULD_NOT_SHOW');
  });

  it('shows server validation errors under the field they name', () => {
    const html = render({
      pluginId: 'sink',
      schema: KITCHEN_SINK,
      defaults: {},
      overrides: {},
      secrets: {},
      serverErrors: [{ field: 'body/settings/shop', message: 'is not a Shopify domain' }],
    });
    expect(html).to.include('is not a Shopify domain');
  });
});

describe('every plugin in the repo', () => {
  it('renders its settings form from its current schema without errors', async () => {
    const plugins = await repoPlugins();
    expect(
      plugins.map((p) => p.id),
      'plugin discovery found nothing',
    ).to.include('inbox');
    for (const p of plugins) {
      if (!p.settings?.schema) continue;
      const secrets = Object.fromEntries(secretNames(p.settings.schema).map((s) => [s, true]));
      const html = render({
        pluginId: p.id,
        schema: p.settings.schema,
        uiSchema: p.settings.uiSchema,
        defaults: {},
        overrides: {},
        secrets,
      });
      expect(html, p.id).to.include('Save settings');
      for (const s of Object.keys(secrets))
        expect(inputTag(html, `settings-${p.id}_${s}`), `${p.id}.${s}`)
          .to.include('type="password"')
          .and.include('value=""');
    }
  });
});
