import { definePlugin } from '@bacon/sdk';

/** The sandbox benchmark's plugin: a no-op action, one doing a kv read, one burning CPU. */
export default definePlugin({
  id: 'bench',
  version: '1.0.0',
  capabilities: [{ name: 'kv' }],
  limits: { memoryMb: 32, cpuTimeoutMs: 5000 },
  actions: {
    noop: { input: { type: 'object' }, run: (input: { n?: number }) => ({ n: input.n ?? 0 }) },
    kvRead: { input: { type: 'object' }, run: async (_i: unknown, ctx) => ({ v: (await ctx.kv.get('k')) ?? null }) },
    burn: {
      input: { type: 'object' },
      run(input: { ms: number }) {
        const end = Date.now() + input.ms;
        let x = 0;
        while (Date.now() < end) x++;
        return { x };
      },
    },
  },
});
