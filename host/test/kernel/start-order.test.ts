import { expect } from 'chai';
import { createHost, type HostModule } from '../../src/host.js';
import { defineService } from '../../src/kernel/service-ref.js';
import { startOrder } from '../../src/kernel/start-order.js';
import { loadConfig } from '../../src/config/index.js';
import { startTestHost, withTestHost } from '../../src/testing/index.js';

const a = defineService<string>('a');
const b = defineService<string>('b');
const c = defineService<string>('c');

function mod(name: string, needs: Record<string, typeof a> = {}, provides: Record<string, typeof a> = {}): HostModule {
  return { name, needs, provides };
}

describe('startOrder', () => {
  it('starts each module after the providers of what it needs, keeping the given order otherwise', () => {
    const order = startOrder([mod('user', { b }), mod('plain'), mod('mid', { a }, { b }), mod('base', {}, { a })]);
    expect(order.map((m) => m.name)).to.deep.equal(['plain', 'base', 'mid', 'user']);
  });

  it('refuses a need no module provides, naming the module and the service', () => {
    expect(() => startOrder([mod('realtime', { directory: defineService('directory') })])).to.throw(
      "module realtime needs service 'directory' that no module provides",
    );
  });

  it('refuses a cycle, naming the modules and the services along it', () => {
    const modules = [mod('first', { c }, { a }), mod('second', { a }, { b }), mod('third', { b }, { c })];
    expect(() => startOrder(modules)).to.throw(
      "service cycle: first -> third -> second -> first (first needs 'c', third needs 'b', second needs 'a')",
    );
  });

  it('refuses two providers of one service', () => {
    expect(() => startOrder([mod('one', {}, { a }), mod('two', {}, { a })])).to.throw(
      "service 'a' is provided by both module one and module two",
    );
  });
});

describe('createHost with declared services', () => {
  const config = () => loadConfig({}, { nodeEnv: 'test', logLevel: 'silent', port: 0, dataDir: '.bacon/never-used' });

  it('refuses at creation a module whose need no module provides', () => {
    expect(() => createHost({ config: config(), modules: [mod('realtime', { directory: defineService('directory') })] })).to.throw(
      "module realtime needs service 'directory' that no module provides",
    );
  });

  it('refuses at creation a service cycle', () => {
    expect(() => createHost({ config: config(), modules: [mod('x', { b }, { a }), mod('y', { a }, { b })] })).to.throw(
      'service cycle: x -> y -> x',
    );
  });
});

describe('host.start with declared services', () => {
  it('hands each module the services it needs, from the modules that provide them', async () => {
    let got: unknown;
    const provider: HostModule = { name: 'provider', provides: { a }, start: async () => ({ a: 'from provider' }) };
    const user: HostModule = { name: 'user', needs: { dep: a }, start: async (_services, needs) => void (got = needs.dep) };
    await withTestHost({ modules: [user, provider] }, async (host) => {
      expect(got).to.equal('from provider');
      expect(host.service(a)).to.equal('from provider');
      expect(() => host.service(c)).to.throw("service 'c' is not available: no started module provides it");
    });
  });

  it('stops the boot when a module does not return a service it declares', async () => {
    const liar: HostModule = { name: 'liar', provides: { b }, start: async () => undefined };
    const error = await startTestHost({ modules: [liar] }).then(
      (host) => host.close().then(() => undefined),
      (err: Error) => err,
    );
    expect(error?.message).to.equal("module liar declares service 'b' but its start did not return it");
  });
});
