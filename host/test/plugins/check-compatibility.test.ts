import { expect } from 'chai';
import { definePlugin } from '@bacon/sdk';
import { checkDependencies, checkEngines } from '../../src/plugins/check-compatibility.js';

const versions = { host: '0.1.0', sdk: '1.0.0' };

describe('checkEngines', () => {
  it('accepts ranges the host and SDK satisfy', () => {
    expect(() =>
      checkEngines(definePlugin({ id: 'a', version: '1.0.0', engines: { host: '^0.1.0', sdk: '^1' } }), versions, '^1'),
    ).not.to.throw();
  });

  it('refuses a host version mismatch, naming plugin and versions', () => {
    expect(() => checkEngines(definePlugin({ id: 'a', version: '1.0.0', engines: { host: '>=2' } }), versions)).to.throw(
      'plugin "a" needs host >=2, but this is host 0.1.0',
    );
  });

  it('refuses an SDK mismatch declared in the package.json bacon field', () => {
    expect(() => checkEngines(definePlugin({ id: 'a', version: '1.0.0' }), versions, '^2')).to.throw(/needs sdk \^2/);
  });
});

describe('checkDependencies', () => {
  it('refuses a dependency outside its range', () => {
    const defs = [
      definePlugin({ id: 'inbox', version: '1.4.0' }),
      definePlugin({ id: 'shop', version: '1.0.0', dependencies: { inbox: '^2.0.0' } }),
    ];
    expect(() => checkDependencies(defs)).to.throw('plugin "shop" needs "inbox" ^2.0.0, but "inbox" is 1.4.0');
  });

  it('refuses a missing dependency by name', () => {
    expect(() => checkDependencies([definePlugin({ id: 'shop', version: '1.0.0', dependencies: { inbox: '^1' } })])).to.throw(
      /"shop" depends on "inbox"/,
    );
  });
});
