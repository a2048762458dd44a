import type { Context } from 'koa';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AuthErrors } from './auth-errors.js';

export const REFRESH_COOKIE = 'bacon_refresh';
export const CSRF_COOKIE = 'bacon_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** The refresh cookie is only ever sent to the auth endpoints. */
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

/**
 * Sets the session cookies: the refresh token (httpOnly, SameSite=Strict, auth paths only) and the
 * double-submit CSRF token (readable by the console's script, which echoes it in X-CSRF-Token).
 */
export function setSessionCookies(ctx: Context, refreshToken: string, expiresAt: Date): string {
  const csrf = randomBytes(24).toString('base64url');
  const secure = ctx.secure;
  ctx.cookies.set(REFRESH_COOKIE, refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: REFRESH_COOKIE_PATH,
    expires: expiresAt,
    overwrite: true,
  });
  ctx.cookies.set(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'strict', secure, path: '/', expires: expiresAt, overwrite: true });
  return csrf;
}

export function clearSessionCookies(ctx: Context): void {
  ctx.cookies.set(REFRESH_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE_PATH,
    expires: new Date(0),
    overwrite: true,
  });
  ctx.cookies.set(CSRF_COOKIE, '', { httpOnly: false, sameSite: 'strict', path: '/', expires: new Date(0), overwrite: true });
}

/** Double submit: the X-CSRF-Token header must equal the bacon_csrf cookie (a cross-site page can send neither). */
export function checkCsrf(ctx: Context): void {
  const cookie = ctx.cookies.get(CSRF_COOKIE) ?? '';
  const header = ctx.get(CSRF_HEADER);
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  if (!cookie || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw AuthErrors.csrfFailed();
  }
}
