import { defaultClientConditions, defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const host = process.env.BACON_DEV_HOST ?? 'http://127.0.0.1:3000';

/**
 * The console builds to dist/webui.html with hashed assets under dist/assets/ (served by the host).
 * `npx vite` in this folder serves it with hot reload, proxying the API and sockets to a running host.
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  // Workspace contract packages (`@bacon/inbox-contract`) are bundled from their TypeScript sources.
  resolve: { conditions: ['bacon-source', ...defaultClientConditions] },
  server: {
    proxy: {
      '/api': host,
      '/metrics': host,
      '/socket.io': { target: host, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
    rolldownOptions: { input: 'webui.html' },
  },
});
