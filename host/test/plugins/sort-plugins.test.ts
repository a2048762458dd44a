import { expect } from 'chai';
import { sortPlugins } from '../../src/plugins/sort-plugins.js';
import type { PluginLoadError } from '../../src/plugins/plugin-errors.js';

const p = (id: string, deps: string[] = [], order?: number) => ({ id, order, dependencies: Object.fromEntries(deps.map((d) => [d, '*'])) });

function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('sortPlugins', () => {
  const set = [
    p('inbox'),
    p('channels', ['inbox']),
    p('automation', ['inbox'], -1),
    p('analytics', ['inbox', 'channels']),
    p('ai', [], 5),
    p('zapier'),
    p('shopify', ['inbox']),
  ];

  it('puts every plugin after its dependencies, ties broken by (order, id)', () => {
    expect(sortPlugins(set).map((x) => x.id)).to.deep.equal(['inbox', 'automation', 'channels', 'analytics', 'shopify', 'zapier', 'ai']);
  });

  it('gives the same order whatever the discovery order', () => {
    const expected = sortPlugins(set).map((x) => x.id);
    for (let seed = 1; seed <= 25; seed++) expect(sortPlugins(shuffle(set, seed)).map((x) => x.id)).to.deep.equal(expected);
  });

  it('reports a dependency cycle by name', () => {
    let err: PluginLoadError | undefined;
    try {
      sortPlugins([p('a', ['b']), p('b', ['c']), p('c', ['a']), p('d')]);
    } catch (e) {
      err = e as PluginLoadError;
    }
    expect(err).to.include({ code: 'plugin_dependency_cycle' });
    expect(err!.message).to.equal('plugin dependency cycle: a -> b -> c -> a');
  });

  it('reports missing dependencies by name', () => {
    let err: PluginLoadError | undefined;
    try {
      sortPlugins([p('a', ['ghost']), p('b', ['phantom'])]);
    } catch (e) {
      err = e as PluginLoadError;
    }
    expect(err).to.include({ code: 'plugin_dependency_missing', pluginId: 'a' });
    expect(err!.message).to.match(/plugin "a" depends on "ghost", which is not installed; plugin "b" depends on "phantom"/);
  });

  it('refuses the same id twice', () => {
    expect(() => sortPlugins([p('a'), p('a')])).to.throw(/installed twice/);
  });
});
