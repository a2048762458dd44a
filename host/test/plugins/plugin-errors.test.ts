import { expect } from 'chai';
import { BaconError, isBaconError } from '@bacon/sdk';
import { PluginErrors, PluginLoadError, PluginLoadErrors, SandboxErrors } from '../../src/plugins/plugin-errors.js';

describe('PluginLoadErrors', () => {
  it('make a BaconError that still says PluginLoadError and names the plugin and the field', () => {
    const e = PluginLoadErrors.manifestInvalid('shop', 'plugin "shop": manifest field "version" must be semver', 'version');
    expect(e).to.be.instanceOf(PluginLoadError).and.instanceOf(BaconError);
    expect(isBaconError(e)).to.equal(true);
    expect(e).to.include({ name: 'PluginLoadError', code: 'plugin_manifest_invalid', status: 422, pluginId: 'shop', field: 'version' });
    expect(e.toJSON()).to.deep.equal({
      code: 'plugin_manifest_invalid',
      message: 'plugin "shop": manifest field "version" must be semver',
      details: { pluginId: 'shop', field: 'version' },
    });
  });

  it('leave the field out of the details when there is none', () => {
    const e = PluginLoadErrors.initTimeout('shop', 'plugin "shop": init did not finish within 10 ms');
    expect(e).to.include({ code: 'plugin_init_timeout', status: 504 });
    expect(e.details).to.deep.equal({ pluginId: 'shop' });
  });
});

describe('PluginErrors and SandboxErrors', () => {
  it('carry their catalog status and retryability', () => {
    expect(PluginErrors.timeout()).to.include({ code: 'plugin_timeout', status: 504, retryable: true });
    expect(SandboxErrors.quotaExceeded({ quotaBytes: 10 }, 'kv: over quota')).to.include({
      code: 'quota_exceeded',
      status: 413,
      message: 'kv: over quota',
    });
  });
});
