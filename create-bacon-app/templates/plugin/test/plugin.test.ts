import { expect } from 'chai';
import { startPluginTestHost, type PluginTestHost } from '@bacon/testing';

// The plugin runs in a real sandbox (isolated-vm) against a test host, as it will in production.
describe('{{id}}', function () {
  this.timeout(180000); // the first test starts a host and a sandbox runner
  let t: PluginTestHost;
  before(async () => {
    t = await startPluginTestHost({ entry: new URL('../src/index.ts', import.meta.url), settings: { greeting: 'Hi' } });
  });
  after(async () => t?.close());

  it('greets with the configured greeting', async () => {
    expect(await t.run('greet', { name: 'Ada' })).to.deep.equal({ text: 'Hi, Ada!' });
  });

  it('refuses input its schema does not allow', async () => {
    const err = await t.run('greet', { name: '' }).catch((e) => e);
    expect(err).to.include({ status: 400 });
  });
});
