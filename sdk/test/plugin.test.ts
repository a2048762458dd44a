import { expect } from 'chai';
import { definePlugin, SDK_VERSION, type ActionContext, type TrustedPluginContext } from '@bacon/sdk';

describe('definePlugin', () => {
  it('returns the definition unchanged', () => {
    const def = { id: 'x', version: '1.0.0', actions: { go: { input: { type: 'object' }, run: () => 1 } } };
    expect(definePlugin(def)).to.equal(def);
  });

  it('types action input, output and the API a trusted init returns', () => {
    const plugin = definePlugin<{ hello(): string }>({
      id: 'typed',
      version: '1.0.0',
      actions: {
        add: { input: { type: 'object' }, run: (i: { a: number; b: number }, _ctx: ActionContext) => i.a + i.b },
      },
      init: (_ctx: TrustedPluginContext) => ({ hello: () => 'hi' }),
    });
    expect(plugin.actions!.add!.run({ a: 1, b: 2 }, {} as ActionContext)).to.equal(3);
    expect(SDK_VERSION).to.match(/^1\./);
  });
});
