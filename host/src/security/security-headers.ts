import type { Middleware } from 'koa';

/** CSP of the console (`/webui.html` and other HTML pages): same-origin everything, never framed. */
export const CONSOLE_CSP = [
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
 * CSP of widget pages, which customer sites embed: the frame may only be embedded by the site
 * key's allowed origins. Widget routes put them in `ctx.state.frameAncestors`.
 */
export function widgetCsp(frameAncestors: string[]): string {
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

/** Paths the widget loads from customer sites (frame, API). */
export const isWidgetPath = (path: string): boolean => path.startsWith('/widget/') || path.startsWith('/api/v1/widget/');
/** What customer sites may load cross-origin: the widget's paths and its script. */
const isCrossOriginResource = (path: string): boolean => isWidgetPath(path) || path === '/widget.js';

/**
 * Security headers on every response: nosniff, referrer policy, frame options (DENY except for
 * widget pages, which are meant to be framed by the allowed origins), a CSP per kind of answer,
 * HSTS on HTTPS. Set after the handler so it can pick by content type, and on errors too.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const widget = isWidgetPath(ctx.path);
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
      ctx.set('Cross-Origin-Resource-Policy', isCrossOriginResource(ctx.path) ? 'cross-origin' : 'same-origin');
      if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      const html = /html/.test(ctx.response.type || '');
      if (widget) {
        if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', html ? widgetCsp((ctx.state.frameAncestors as string[] | undefined) ?? []) : API_CSP.replace("; frame-ancestors 'none'", ''));
      } else {
        ctx.set('X-Frame-Options', 'DENY');
        if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', html ? CONSOLE_CSP : API_CSP);
      }
    }
  };
}
