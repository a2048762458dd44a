import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { definePlugin, type PluginDefinition } from '@bacon/sdk';
import { ensureViteBuild } from '@bacon/sdk/build';

/** The widget package's folder (`dist/widget.js`, `demo/index.html`). */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The site key the demo page embeds. */
export const DEMO_SITE_NAME = 'Demo page';

export interface WidgetPluginOptions {
  /** The package folder (tests point it at a fixture). */
  dir?: string;
  /** Serve `/demo`, a page embedding the widget (default: outside production). */
  demo?: boolean;
}

/**
 * The embeddable chat widget as a trusted plugin: it serves `/widget.js` (any site may load it)
 * and, outside production, `/demo`, a page that embeds it with the first workspace's demo site key.
 * `npm start` builds it first when stale.
 */
export function widgetPlugin(opts: WidgetPluginOptions = {}): PluginDefinition {
  const dir = opts.dir ?? PACKAGE_DIR;
  const demo = opts.demo ?? process.env.NODE_ENV !== 'production';
  return definePlugin({
    id: 'widget',
    version: '0.1.0',
    title: 'Widget',
    description: 'The embeddable chat widget (/widget.js) and its demo page.',
    engines: { sdk: '^1' },
    services: ['staticFiles', 'siteKeys'],
    prepare: ({ force, out }) => ensureViteBuild({ dir, output: 'widget.js', label: 'widget', force, out }),
    init(ctx) {
      ctx.services.staticFiles.file('/widget.js', path.join(dir, 'dist', 'widget.js'), {
        owner: 'widget',
        summary: 'The embeddable chat widget',
        unbuilt: 'widget',
        // Every customer site loads it.
        headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
      });
      if (!demo) return;
      ctx.services.staticFiles.file('/demo', path.join(dir, 'demo', 'index.html'), {
        owner: 'widget',
        summary: 'A demo page embedding the widget (development only)',
        // Opened without a site key: use (or make) the first workspace's demo key for this origin.
        redirectTo: async ({ origin, query }) => {
          if (query.siteKey) return undefined;
          const site = await ctx.services.siteKeys.forOrigin(origin, DEMO_SITE_NAME);
          return site && `/demo?siteKey=${encodeURIComponent(site.key)}`;
        },
      });
    },
  });
}

export default widgetPlugin();
