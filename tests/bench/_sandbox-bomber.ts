import { definePlugin } from '@bacon/sdk';

/** The sandbox benchmark's attacker: fills its 32 MiB isolate, or passes a 12 MiB value to kv. */
export default definePlugin({
  id: 'bomber',
  version: '1.0.0',
  capabilities: [{ name: 'kv' }],
  limits: { memoryMb: 32, cpuTimeoutMs: 2000 },
  actions: {
    bomb: {
      input: { type: 'object' },
      run() {
        const hog: string[][] = [];
        for (;;) hog.push(new Array(1_000_000).fill('x'));
      },
    },
    bigKv: {
      input: { type: 'object' },
      async run(_i: unknown, ctx) {
        await ctx.kv.set('big', 'x'.repeat(12 * 1024 * 1024));
        return { stored: true };
      },
    },
  },
});
