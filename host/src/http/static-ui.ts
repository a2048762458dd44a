import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Context } from 'koa';
import { defineModule } from '../kernel/host-module.js';
import { NotFound, Unavailable } from '@bacon/sdk';
import { authService, type AuthRuntime } from '../auth/auth-runtime.js';
import { demoSiteKey } from '../security/demo-site-key.js';

const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Folder of a first-party UI package (`@bacon/console`, `@bacon/widget`), or undefined when not installed. */
export function uiPackageDir(name: '@bacon/console' | '@bacon/widget'): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

async function sendFile(ctx: Context, file: string, cache: 'immutable' | 'revalidate'): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw NotFound('No such file.', { path: ctx.path });
  }
  if (!info.isFile()) throw NotFound('No such file.', { path: ctx.path });
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (ctx.get('if-none-match') === etag) {
    ctx.status = 304;
    return;
  }
  ctx.type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  ctx.length = info.size;
  ctx.body = createReadStream(file);
}

/** Resolves `rel` inside `root`, refusing anything that would step outside it. */
function inside(root: string, rel: string): string {
  const full = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  if (full !== root && !full.startsWith(root + path.sep)) throw NotFound('No such file.');
  return full;
}

function notBuilt(what: string): never {
  throw Unavailable(`The ${what} is not built yet. Run "npm run build:ui" (npm start does it for you).`, undefined, 'ui_not_built');
}

/**
 * Serves the built browser apps: the console at `/webui.html` (+ `/assets/*`, `/` redirects to it),
 * the widget at `/widget.js`, and outside production the widget demo page at `/demo`.
 */
export function staticUiModule(dirs: { consoleDir?: string; widgetDir?: string } = { consoleDir: uiPackageDir('@bacon/console'), widgetDir: uiPackageDir('@bacon/widget') }) {
  let auth: AuthRuntime | undefined;
  return defineModule({
    name: 'static-ui',
    needs: { auth: authService },
    async start(_services, needs) {
      auth = needs.auth;
    },
    setup({ routes, config }) {
      const { consoleDir, widgetDir } = dirs;
      const consoleDist = consoleDir && path.join(consoleDir, 'dist');
      routes.add({
        method: 'get', path: '/', auth: 'public', hidden: true, summary: 'Redirects to the console',
        handler: (ctx) => {
          ctx.status = 302;
          ctx.redirect('/webui.html');
        },
      });
      routes.add({
        method: 'get', path: '/webui.html', auth: 'public', hidden: true, summary: 'The agent and admin console',
        handler: async (ctx) => (consoleDist ? sendFile(ctx, path.join(consoleDist, 'webui.html'), 'revalidate').catch(() => notBuilt('console')) : notBuilt('console')),
      });
      routes.add({
        method: 'get', path: '/assets/:file+', auth: 'public', hidden: true, summary: 'Console assets (content-hashed)',
        handler: async (ctx) => {
          if (!consoleDist) notBuilt('console');
          await sendFile(ctx, inside(path.join(consoleDist, 'assets'), ctx.params.file!), 'immutable');
        },
      });
      routes.add({
        method: 'get', path: '/widget.js', auth: 'public', hidden: true, summary: 'The embeddable chat widget',
        handler: async (ctx) => {
          if (!widgetDir) notBuilt('widget');
          await sendFile(ctx, path.join(widgetDir, 'dist', 'widget.js'), 'revalidate').catch(() => notBuilt('widget'));
          ctx.set('Access-Control-Allow-Origin', '*');
        },
      });
      if (config.nodeEnv !== 'production') {
        routes.add({
          method: 'get', path: '/demo', auth: 'public', hidden: true, summary: 'A demo page embedding the widget (development only)',
          handler: async (ctx) => {
            if (!widgetDir) notBuilt('widget demo');
            // Opened without a site key: use (or make) the first workspace's demo key for this origin.
            if (!ctx.query.siteKey) {
              const demo = auth && (await demoSiteKey(auth.knex, ctx.origin));
              if (auth && demo) {
                await auth.siteKeys.changed(demo.tenantId);
                ctx.redirect(`/demo?siteKey=${encodeURIComponent(demo.key)}`);
                return;
              }
            }
            await sendFile(ctx, path.join(widgetDir, 'demo', 'index.html'), 'revalidate');
          },
        });
      }
    },
  });
}
