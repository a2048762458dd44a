import type { Context } from 'koa';
import { randomBytes } from 'node:crypto';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from './auth-runtime.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { findUserByEmail, getUserRow, toPublicUser, updateUserRow } from './users-repo.js';
import { endSession, refreshSession, startSession, type SessionTokens } from './sessions.js';
import { checkCsrf, clearSessionCookies, setSessionCookies, REFRESH_COOKIE } from './csrf.js';
import { SESSION, USER } from './schemas.js';
import { AuthErrors } from './auth-errors.js';

const body = <T>(ctx: Context) => (ctx.request as unknown as { body: T }).body;
export const meta = (ctx: Context) => ({ ip: ctx.state.clientIp as string, userAgent: ctx.get('user-agent') || undefined });
const badLogin = () => AuthErrors.invalidCredentials();

/** The session answer (tokens, cookies in cookie mode, the user) for a login, refresh or password change. */
export function answer(ctx: Context, s: SessionTokens, refreshIn: 'cookie' | 'body') {
  // Clients that keep the refresh token themselves get no cookies (and need no CSRF token).
  const csrfToken =
    refreshIn === 'cookie' ? setSessionCookies(ctx, s.refreshToken, s.refreshExpiresAt) : randomBytes(24).toString('base64url');
  ctx.set('Cache-Control', 'no-store');
  const out: Record<string, unknown> = {
    accessToken: s.accessToken,
    tokenType: 'Bearer',
    expiresIn: s.expiresIn,
    csrfToken,
    user: toPublicUser(s.user),
  };
  if (refreshIn === 'body') out.refreshToken = s.refreshToken;
  return out;
}

/**
 * The refresh token comes from the httpOnly cookie (then the double-submit CSRF header is required)
 * or, for non-browser clients that keep it themselves, from the body (no cookie, so no CSRF risk).
 */
function presentedRefresh(ctx: Context): { token: string; via: 'cookie' | 'body' } {
  const inBody = body<{ refreshToken?: unknown } | undefined>(ctx)?.refreshToken;
  if (typeof inBody === 'string' && inBody.length > 0 && inBody.length <= 200) return { token: inBody, via: 'body' };
  const cookie = ctx.cookies.get(REFRESH_COOKIE);
  if (!cookie) throw AuthErrors.invalidRefreshToken(undefined, 'No refresh token: log in again.');
  checkCsrf(ctx);
  return { token: cookie, via: 'cookie' };
}

export function registerAuthRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  routes.add({
    method: 'post',
    path: '/api/v1/auth/login',
    auth: 'public',
    summary: 'Log in with email and password',
    tags: ['auth'],
    schema: {
      body: {
        type: 'object',
        required: ['email', 'password'],
        additionalProperties: false,
        properties: {
          email: { type: 'string', minLength: 3, maxLength: 320 },
          password: { type: 'string', minLength: 1, maxLength: 200 },
          refreshIn: { enum: ['cookie', 'body'] },
        },
      },
      response: { 200: SESSION },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      const { email, password, refreshIn = 'cookie' } = body<{ email: string; password: string; refreshIn?: 'cookie' | 'body' }>(ctx);
      await rt.limits.consume('loginIp', ctx.state.clientIp as string);
      await rt.limits.consume('loginEmail', email.trim().toLowerCase());
      const user = await findUserByEmail(rt.knex, email);
      const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
      if (!user || !ok || user.disabled_at) throw badLogin();
      const logged = (await updateUserRow(rt.knex, user.tenant_id, user.id, { last_login_at: new Date() })) ?? user;
      return answer(ctx, await startSession(rt, logged, meta(ctx)), refreshIn);
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/auth/refresh',
    auth: 'public',
    summary: 'Rotate the refresh token (cookie + X-CSRF-Token, or in the body) for a new access token',
    tags: ['auth'],
    schema: { response: { 200: SESSION } },
    description: 'The body is optional: `{"refreshToken": "..."}` for clients that keep the token themselves.',
    handler: async (ctx) => {
      const { token, via } = presentedRefresh(ctx);
      try {
        return answer(ctx, await refreshSession(slot.get(), token, meta(ctx)), via);
      } catch (err) {
        if (via === 'cookie') clearSessionCookies(ctx);
        throw err;
      }
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/auth/logout',
    auth: 'public',
    summary: 'End this session: revoke its refresh tokens and access tokens, clear the cookies',
    tags: ['auth'],
    description: 'The body is optional: `{"refreshToken": "..."}` for clients that keep the token themselves.',
    handler: async (ctx) => {
      const { token } = presentedRefresh(ctx);
      await endSession(slot.get(), token);
      clearSessionCookies(ctx);
      ctx.status = 204;
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/auth/me',
    auth: 'agent',
    summary: 'The logged-in user',
    tags: ['auth'],
    schema: { response: { 200: USER } },
    handler: async (ctx) => {
      const row = await getUserRow(slot.get().knex, ctx.state.tenantId as string, ctx.state.user.id as string);
      return toPublicUser(row!);
    },
  });
}
