import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

/** The target (#13): the build fails past it. */
const BUDGET_GZIP = 20 * 1024;

/** Prints the bundle's gzip size after the build, and fails it past the budget. */
function gzipReport(): Plugin {
  return {
    name: 'bacon-gzip-report',
    apply: 'build',
    closeBundle() {
      const file = path.resolve(import.meta.dirname, 'dist/widget.js');
      const raw = readFileSync(file);
      const gz = gzipSync(raw, { level: 9 }).length;
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      console.log(`widget.js: ${kb(raw.length)} raw, ${kb(gz)} gzip (budget ${kb(BUDGET_GZIP)})`);
      if (gz > BUDGET_GZIP) throw new Error(`widget.js is ${kb(gz)} gzip, over the ${kb(BUDGET_GZIP)} budget`);
    },
  };
}

/** One self-contained IIFE, `dist/widget.js`, with its own small socket.io client (`src/socket-client.ts`). */
export default defineConfig({
  plugins: [gzipReport()],
  // The Markdown renderer comes from `@bacon/inbox-contract`, bundled from its TypeScript source.
  resolve: { conditions: ['bacon-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    minify: true,
    lib: { entry: 'src/main.ts', formats: ['iife'], name: 'BaconWidget', fileName: () => 'widget.js' },
  },
});
