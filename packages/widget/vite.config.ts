import { defaultClientConditions, defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET_GZIP = 35 * 1024;

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

/**
 * engine.io-client's transport table, narrowed to what the widget uses: WebSocket, then long-polling
 * over `fetch` (no XHR polling, no WebTransport). Saves about 2 KB gzip.
 */
function widgetTransports(): Plugin {
  const id = '\0bacon-engine-transports';
  return {
    name: 'bacon-engine-transports',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './transports/index.js' && importer?.includes('engine.io-client')) return id;
      return null;
    },
    load(loaded) {
      if (loaded !== id) return null;
      // The package's browser ESM build (resolving it from here would pick the Node debug build).
      const dir = path.resolve(path.dirname(fileURLToPath(import.meta.resolve('engine.io-client'))), '../esm').replace(/\\/g, '/');
      return `import { Fetch } from '${dir}/transports/polling-fetch.js';
import { WS } from '${dir}/transports/websocket.js';
export const transports = { websocket: WS, polling: Fetch };`;
    },
  };
}

/** One self-contained IIFE, `dist/widget.js`, transport (socket.io-client) included. */
export default defineConfig({
  plugins: [widgetTransports(), gzipReport()],
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
