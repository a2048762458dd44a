import { expect } from 'chai';
import { validateManifest } from '../../src/plugins/validate-manifest.js';
import { PluginLoadError } from '../../src/plugins/plugin-errors.js';

function refusal(def: unknown): PluginLoadError {
  try {
    validateManifest(def, 'pkg-name');
  } catch (err) {
    return err as PluginLoadError;
  }
  throw new Error('expected the manifest to be refused');
}

describe('validateManifest', () => {
  it('accepts a complete manifest', () => {
    const def = {
      id: 'shop',
      version: '1.2.3',
      engines: { host: '>=0.1.0', sdk: '^1' },
      dependencies: { inbox: '^1.0.0' },
      order: 2,
      settings: { schema: { type: 'object', properties: { key: { type: 'string', 'x-secret': true } } } },
      capabilities: [
        { name: 'http', hosts: ['api.shop.com', '*.shop.io'] },
        { name: 'kv', quotaBytes: 1000 },
      ],
      actions: { lookup: { input: { type: 'object' }, run: () => null } },
      triggers: { paid: { source: 'webhook', payload: { type: 'object' }, receive: () => null } },
    };
    expect(validateManifest(def, 'x')).to.equal(def);
  });

  it('refuses an http hostsSetting that names no array-of-strings settings field, and accepts one that does', () => {
    const base = { id: 'hooks', version: '1.0.0', run: () => undefined };
    const err = refusal({ ...base, capabilities: [{ name: 'http', hostsSetting: 'targets' }] });
    expect(err.message).to.match(/settings field "targets".*not an array of strings/);
    const settings = { schema: { type: 'object', properties: { targets: { type: 'array', items: { type: 'string' } } } } };
    expect(() => validateManifest({ ...base, settings, capabilities: [{ name: 'http', hostsSetting: 'targets' }] }, 'pkg')).not.to.throw();
  });

  it('accepts a declared egress and refuses a malformed one, naming the field', () => {
    const ok = { id: 'crm', version: '1.0.0', egress: { regions: ['eu', 'europe-west3'], note: 'EU data center' } };
    expect(validateManifest(ok, 'x')).to.equal(ok);
    for (const egress of [{ regions: [] }, { regions: ['EU West'] }, { regions: ['eu'], where: 'x' }, { note: 'no regions' }]) {
      const e = refusal({ id: 'crm', version: '1.0.0', egress });
      expect(e.code, JSON.stringify(egress)).to.equal('plugin_manifest_invalid');
      expect(e.field, JSON.stringify(egress)).to.match(/^egress/);
    }
  });

  it('names the plugin and the field of a bad id', () => {
    const e = refusal({ id: 'Bad Id', version: '1.0.0' });
    expect(e).to.include({ code: 'plugin_manifest_invalid', field: 'id' });
    expect(e.message).to.match(/plugin "Bad Id": manifest field "id"/);
  });

  it('names the package when the id is missing', () => {
    const e = refusal({ version: '1.0.0' });
    expect(e).to.include({ pluginId: 'pkg-name', field: 'id' });
  });

  it('refuses a version that is not semver', () => {
    expect(refusal({ id: 'a', version: 'one' })).to.include({ pluginId: 'a', field: 'version' });
  });

  it('refuses an engines range that is not a range', () => {
    expect(refusal({ id: 'a', version: '1.0.0', engines: { host: 'banana' } })).to.include({ field: 'engines.host' });
  });

  it('refuses a dependency range that is not a range', () => {
    expect(refusal({ id: 'a', version: '1.0.0', dependencies: { b: 'latest!' } })).to.include({ field: 'dependencies.b' });
  });

  it('refuses an unknown capability, naming its place', () => {
    const e = refusal({ id: 'a', version: '1.0.0', capabilities: [{ name: 'filesystem' }] });
    expect(e.field).to.equal('capabilities.0.name');
  });

  it('refuses an action without an input schema or a run function', () => {
    expect(refusal({ id: 'a', version: '1.0.0', actions: { go: { run: () => 1 } } }).field).to.equal('actions.go.input');
    expect(refusal({ id: 'a', version: '1.0.0', actions: { go: { input: {} } } }).field).to.equal('actions.go.run');
  });

  it('refuses a message component type whose name the registry would not take', () => {
    const component = { schema: { type: 'object' } };
    expect(() => validateManifest({ id: 'a', version: '1.0.0', components: { a_badge: component } }, 'pkg')).not.to.throw();
    expect(refusal({ id: 'a', version: '1.0.0', components: { 'a.badge': component } }).message).to.match(/components/);
    expect(refusal({ id: 'a', version: '1.0.0', components: { Badge: component } }).message).to.match(/components/);
  });

  it('refuses a hook that is not a function', () => {
    expect(refusal({ id: 'a', version: '1.0.0', init: 'yes' }).field).to.equal('init');
  });

  it('refuses a settings schema ajv cannot compile', () => {
    expect(
      refusal({ id: 'a', version: '1.0.0', settings: { schema: { type: 'object', properties: { x: { type: 'nope' } } } } }).field,
    ).to.equal('settings.schema');
  });

  it('refuses something that is not a definition at all', () => {
    expect(refusal(undefined)).to.include({ pluginId: 'pkg-name', code: 'plugin_manifest_invalid' });
  });
});
