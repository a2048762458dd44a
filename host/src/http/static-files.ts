import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'koa';
import { NotFound, type PluginStaticFiles, type RouteServes, type StaticFileOptions } from '@bacon/sdk';
import { HostErrors } from './errors.js';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';
import type { RouteRegistry } from './route-registry.js';

/** Serving built files, for the plugins that declare `services: ['staticFiles']` (browser apps). */
export const staticFilesService = defineService<PluginStaticFiles>('staticFiles');

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

/** What a file is to the browser, by its name: an HTML document is a page, anything else an asset. */
export function servesOf(file: string): RouteServes {
  return /\.html?$/i.test(file) ? 'page' : 'asset';
}

/** Answers `file` with a weak ETag (size and mtime), 304 when the client has it; 404 when there is no such file. */
export async function sendFile(ctx: Context, file: string, cache: 'immutable' | 'revalidate'): Promise<void> {
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
export function inside(root: string, rel: string): string {
  const full = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  if (full !== root && !full.startsWith(root + path.sep)) throw NotFound('No such file.');
  return full;
}

function unbuilt(what: string): never {
  throw HostErrors.uiNotBuilt(undefined, `The ${what} is not built yet. Run "npm run build:ui" (npm start does it for you).`);
}

/** The helpers on one route registry: public, hidden GET routes. */
export function staticFiles(routes: RouteRegistry): PluginStaticFiles {
  const answer = async (ctx: Context, file: string, cache: 'immutable' | 'revalidate', opts: StaticFileOptions) => {
    const location = await opts.redirectTo?.({ origin: ctx.origin, query: { ...ctx.query } });
    if (location) {
      ctx.status = 302;
      ctx.redirect(location);
      return;
    }
    try {
      await sendFile(ctx, file, cache);
    } catch (err) {
      if (opts.unbuilt) unbuilt(opts.unbuilt);
      throw err;
    }
    for (const [name, value] of Object.entries(opts.headers ?? {})) ctx.set(name, value);
  };
  return {
    file(routePath, file, opts) {
      routes.add(
        {
          method: 'get',
          path: routePath,
          auth: 'public',
          hidden: true,
          serves: servesOf(file),
          summary: opts.summary ?? `Static file ${path.basename(file)}`,
          handler: (ctx) => answer(ctx, file, opts.cache ?? 'revalidate', opts),
        },
        '',
        opts.owner,
      );
    },
    folder(prefix, dir, opts) {
      const root = path.resolve(dir);
      routes.add(
        {
          method: 'get',
          path: `${prefix.replace(/\/$/, '')}/:file+`,
          auth: 'public',
          hidden: true,
          serves: 'asset',
          summary: opts.summary ?? `Static files under ${prefix}`,
          handler: async (ctx) => {
            const file = inside(root, ctx.params.file!);
            // The route's headers follow the file it answers, for the 200 and the 304 alike.
            ctx.state.serves = servesOf(file);
            try {
              await stat(root);
            } catch {
              if (opts.unbuilt) unbuilt(opts.unbuilt);
            }
            await sendFile(ctx, file, opts.cache ?? 'immutable');
            for (const [name, value] of Object.entries(opts.headers ?? {})) ctx.set(name, value);
          },
        },
        '',
        opts.owner,
      );
    },
    redirect(from, to, opts) {
      routes.add(
        {
          method: 'get',
          path: from,
          auth: 'public',
          hidden: true,
          serves: servesOf(to),
          summary: opts.summary ?? `Redirects to ${to}`,
          handler: (ctx) => {
            ctx.status = 302;
            ctx.redirect(to);
          },
        },
        '',
        opts.owner,
      );
    },
  };
}

/** Provides `staticFiles` to plugins: the host resolves no package and serves only what plugins mount. */
export function staticFilesModule() {
  return defineModule({
    name: 'static-files',
    provides: { staticFiles: staticFilesService },
    async start(services) {
      return { staticFiles: staticFiles(services.routes) };
    },
  });
}
