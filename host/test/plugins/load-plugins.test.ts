import { expect } from 'chai';
import { definePlugin, type PluginDefinition } from '@bacon/sdk';
import { loadPlugins } from '../../src/plugins/load-plugins.js';
import type { PluginSource } from '../../src/plugins/plugin-source.js';
import { startTestHost } from '../../src/testing/index.js';

const versions = { host: '0.1.0', sdk: '1.0.0' };
const src = (def: PluginDefinition): { source: PluginSource; def: PluginDefinition } => ({
  source: { tier: 'trusted', origin: 'code', name: def.id, definition: def },
  def,
});

describe('loadPlugins', () => {
  const good = definePlugin({ id: 'good', version: '1.0.0' });
  const needsGood = definePlugin({ id: 'needs-good', version: '1.0.0', dependencies: { good: '^1' } });
  const tooNew = definePlugin({ id: 'too-new', version: '1.0.0', engines: { host: '>=9' } });
  const needsTooNew = definePlugin({ id: 'needs-too-new', version: '1.0.0', dependencies: { 'too-new': '*' } });
  const loopA = definePlugin({ id: 'loop-a', version: '1.0.0', dependencies: { 'loop-b': '*' } });
  const loopB = definePlugin({ id: 'loop-b', version: '1.0.0', dependencies: { 'loop-a': '*' } });

  it('abort: throws the first refusal', () => {
    expect(() => loadPlugins([good, tooNew].map(src), versions, 'abort')).to.throw(/"too-new" needs host >=9/);
  });

  it('continue: leaves out refused plugins, their dependents and cycles, keeping the rest in order', () => {
    const r = loadPlugins([needsTooNew, loopA, needsGood, tooNew, loopB, good].map(src), versions, 'continue');
    expect(r.records.map((x) => x.id)).to.deep.equal(['good', 'needs-good']);
    expect(r.refused.map((x) => [x.id, x.error.code]).sort()).to.deep.equal([
      ['loop-a', 'plugin_dependency_cycle'],
      ['loop-b', 'plugin_dependency_cycle'],
      ['needs-too-new', 'plugin_dependency_missing'],
      ['too-new', 'plugin_engine_mismatch'],
    ]);
  });
});

describe('host boot with bad plugins', () => {
  it('refuses a dependency cycle by name', async () => {
    const a = definePlugin({ id: 'cyc-a', version: '1.0.0', dependencies: { 'cyc-b': '*' } });
    const b = definePlugin({ id: 'cyc-b', version: '1.0.0', dependencies: { 'cyc-a': '*' } });
    const err = await startTestHost({ plugins: [a, b] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).to.include({ code: 'plugin_dependency_cycle' });
    expect(err!.message).to.equal('plugin dependency cycle: cyc-a -> cyc-b -> cyc-a');
  });

  it('refuses a missing dependency by name', async () => {
    const err = await startTestHost({ plugins: [definePlugin({ id: 'orphan', version: '1.0.0', dependencies: { parent: '^1' } })] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).to.include({ code: 'plugin_dependency_missing', pluginId: 'orphan' });
  });

  it('refuses a version mismatch by name', async () => {
    const err = await startTestHost({ plugins: [definePlugin({ id: 'future', version: '1.0.0', engines: { sdk: '^3' } })] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).to.include({ code: 'plugin_engine_mismatch', pluginId: 'future' });
  });

  it('refuses a bad manifest, naming the plugin and field', async () => {
    const err = await startTestHost({ plugins: [{ id: 'broken', version: 'x' } as PluginDefinition] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).to.include({ code: 'plugin_manifest_invalid', pluginId: 'broken', field: 'version' });
  });

  it('inits in the same order across runs, whatever order they were passed in', async () => {
    const seen: string[][] = [];
    const mk =
      (id: string, order = 0, deps: string[] = []) =>
      (log: string[]) =>
        definePlugin({
          id,
          version: '1.0.0',
          order,
          dependencies: Object.fromEntries(deps.map((d) => [d, '*'])),
          init: () => void log.push(id),
        });
    const makers = [mk('zeta'), mk('alpha', 1), mk('beta', 0, ['zeta']), mk('gamma', -1)];
    for (const perm of [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ]) {
      const log: string[] = [];
      const host = await startTestHost({ plugins: perm.map((i) => makers[i]!(log)), listen: false });
      await host.close();
      seen.push(log);
    }
    expect(seen[0]).to.deep.equal(['gamma', 'zeta', 'beta', 'alpha']);
    expect(seen[1]).to.deep.equal(seen[0]);
    expect(seen[2]).to.deep.equal(seen[0]);
  });
});
