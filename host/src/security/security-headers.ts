import type { Context, Middleware } from 'koa';
import type { RouteServes } from '@bacon/sdk';
import type { SitePaths } from './site-paths.js';

/** CSP of same-origin HTML pages (a UI plugin's app): same-origin everything, never framed. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** CSP of the API and of assets (scripts, styles, images): opened as a document, nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * CSP of pages on site paths, which customer sites embed: the frame may only be embedded by the
 * site key's allowed origins, which the route puts in `ctx.state.frameAncestors`.
 */
export function framedPageCsp(frameAncestors: string[]): string {
  const ancestors = frameAncestors.length ? frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "connect-src 'self' ws: wss:",
    "object-src 'none'",
    "base-uri 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/**
 * What the answer to this request is, by route: the static-files helpers answer `ctx.state.serves`
 * per file, other routes declare `serves` (default `api`). Never by content type: a `304 Not
 * Modified` has none, and the browser applies the 304's CSP to the page it kept (an API CSP on a
 * revalidated console left it blank). Errors are the API's JSON whatever the route serves.
 */
export function servedKind(ctx: Context): RouteServes {
  if (ctx.status >= 400) return 'api';
  const route = ctx.state.route as { serves?: RouteServes } | undefined;
  return (ctx.state.serves as RouteServes | undefined) ?? route?.serves ?? 'api';
}

/**
 * Security headers on every response: nosniff, referrer policy, frame options (DENY except on site
 * paths, whose pages are meant to be framed by the allowed origins), a CSP per kind of route (a page
 * gets the page CSP, an asset or the API `default-src 'none'`), Cross-Origin-Resource-Policy
 * (cross-origin on site paths, or when the handler said so, e.g. a script every site loads), HSTS on
 * HTTPS. Set after the handler, on 200, 304 and errors alike.
 */
export function securityHeaders(sitePaths: SitePaths): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const site = sitePaths.has(ctx.path);
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
      if (site || !ctx.response.get('Cross-Origin-Resource-Policy'))
        ctx.set('Cross-Origin-Resource-Policy', site ? 'cross-origin' : 'same-origin');
      if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      const page = servedKind(ctx) === 'page';
      if (site) {
        if (!ctx.response.get('Content-Security-Policy'))
          ctx.set(
            'Content-Security-Policy',
            page
              ? framedPageCsp((ctx.state.frameAncestors as string[] | undefined) ?? [])
              : API_CSP.replace("; frame-ancestors 'none'", ''),
          );
      } else {
        ctx.set('X-Frame-Options', 'DENY');
        if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', page ? PAGE_CSP : API_CSP);
      }
    }
  };
}
