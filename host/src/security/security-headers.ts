import type { Middleware } from 'koa';
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

/** CSP of JSON and other non-HTML answers: nothing may load or frame them. */
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
 * Security headers on every response: nosniff, referrer policy, frame options (DENY except on site
 * paths, whose pages are meant to be framed by the allowed origins), a CSP per kind of answer,
 * Cross-Origin-Resource-Policy (cross-origin on site paths, or when the handler said so, e.g. a
 * script every site loads), HSTS on HTTPS. Set after the handler so it can pick by content type,
 * and on errors too.
 */
export function securityHeaders(sitePaths: SitePaths): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const site = sitePaths.has(ctx.path);
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
      if (site || !ctx.response.get('Cross-Origin-Resource-Policy')) ctx.set('Cross-Origin-Resource-Policy', site ? 'cross-origin' : 'same-origin');
      if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      const html = /html/.test(ctx.response.type || '');
      if (site) {
        if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', html ? framedPageCsp((ctx.state.frameAncestors as string[] | undefined) ?? []) : API_CSP.replace("; frame-ancestors 'none'", ''));
      } else {
        ctx.set('X-Frame-Options', 'DENY');
        if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', html ? PAGE_CSP : API_CSP);
      }
    }
  };
}
