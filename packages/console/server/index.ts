import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { definePlugin, type PluginDefinition } from '@bacon/sdk';
import { ensureViteBuild } from '@bacon/sdk/build';

/** The console package's folder (its `dist/` holds the build). */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * The agent and admin console as a trusted plugin: it serves its own build, `/webui.html`, the
 * content-hashed `/assets/*`, and redirects `/` there. `npm start` builds it first when stale.
 */
export function consolePlugin(opts: { dir?: string } = {}): PluginDefinition {
  const dir = opts.dir ?? PACKAGE_DIR;
  const dist = path.join(dir, 'dist');
  return definePlugin({
    id: 'console',
    version: '0.1.0',
    title: 'Console',
    description: 'The agent and admin console, served at /webui.html.',
    engines: { sdk: '^1' },
    services: ['staticFiles'],
    prepare: ({ force, out }) => ensureViteBuild({ dir, output: 'webui.html', label: 'console', force, out }),
    init(ctx) {
      const files = ctx.services.staticFiles;
      files.redirect('/', '/webui.html', { owner: 'console', summary: 'Redirects to the console' });
      files.file('/webui.html', path.join(dist, 'webui.html'), {
        owner: 'console',
        summary: 'The agent and admin console',
        unbuilt: 'console',
      });
      files.folder('/assets', path.join(dist, 'assets'), {
        owner: 'console',
        summary: 'Console assets (content-hashed)',
        unbuilt: 'console',
      });
    },
  });
}

export default consolePlugin();
