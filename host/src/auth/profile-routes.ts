import type { Context } from 'koa';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from './auth-runtime.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { getUserRow, toPublicUser, updateUserRow, type NotificationPrefs, type UserRow } from './users-repo.js';
import { revokeAllSessions, startSession } from './sessions.js';
import { REFRESH_COOKIE } from './csrf.js';
import { answer, meta } from './auth-routes.js';
import { actorOf } from '../security/audit-log.js';
import { AVATAR_URL, LANGUAGE_TAG, NOTIFICATION_PREFS_PATCH, PASSWORD, SESSION, USER } from './schemas.js';
import { AuthErrors } from './auth-errors.js';

const body = <T>(ctx: Context) => (ctx.request as unknown as { body: T }).body;

async function me(slot: AuthRuntimeSlot, ctx: Context): Promise<UserRow> {
  const row = await getUserRow(slot.get().knex, ctx.state.tenantId as string, ctx.state.user.id as string);
  // A token outliving its user is refused by the auth guard; this is the race where both happen at once.
  if (!row) throw AuthErrors.invalidCredentials(undefined, 'This account no longer exists.');
  return row;
}

/**
 * `/api/v1/auth/me`: what every signed-in user changes about themselves (name, avatar, notification
 * preferences) and their password, which needs the current one. A new password ends every other
 * session; this one continues with fresh tokens.
 */
export function registerProfileRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  routes.add({
    method: 'patch',
    path: '/api/v1/auth/me',
    auth: 'agent',
    summary: 'Change my profile: name, avatar, language, notification preferences',
    tags: ['auth'],
    schema: {
      body: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: {
          name: { type: 'string', title: 'Name', minLength: 1, maxLength: 200, pattern: '\\S' },
          avatarUrl: { anyOf: [AVATAR_URL, { type: 'null' }] },
          notificationPrefs: NOTIFICATION_PREFS_PATCH,
          language: { anyOf: [LANGUAGE_TAG, { type: 'null' }] },
        },
      },
      response: { 200: USER },
    },
    handler: async (ctx) => {
      const b = body<{
        name?: string;
        avatarUrl?: string | null;
        language?: string | null;
        notificationPrefs?: Partial<NotificationPrefs>;
      }>(ctx);
      const row = await me(slot, ctx);
      const patch: Parameters<typeof updateUserRow>[3] = {};
      if (b.name !== undefined) patch.name = b.name.trim();
      if (b.avatarUrl !== undefined) patch.avatar_url = b.avatarUrl;
      if (b.language !== undefined) patch.language = b.language;
      if (b.notificationPrefs) patch.notification_prefs = { ...toPublicUser(row).notificationPrefs, ...b.notificationPrefs };
      return toPublicUser((await updateUserRow(slot.get().knex, row.tenant_id, row.id, patch))!);
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/auth/me/password',
    auth: 'agent',
    summary: 'Change my password (the current one is required); every other session ends',
    tags: ['auth'],
    description:
      'Answers a fresh session (as `/auth/login` does): cookies when this session uses them, else the tokens in the body. ' +
      'Wrong current passwords count against the sign-in rate limit of the account.',
    schema: {
      body: {
        type: 'object',
        required: ['currentPassword', 'newPassword'],
        additionalProperties: false,
        properties: {
          currentPassword: { type: 'string', title: 'Current password', minLength: 1, maxLength: 200 },
          newPassword: { ...PASSWORD, title: 'New password' },
        },
      },
      response: { 200: SESSION },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      const b = body<{ currentPassword: string; newPassword: string }>(ctx);
      const row = await me(slot, ctx);
      await rt.limits.consume('loginEmail', row.email.trim().toLowerCase());
      if (!(await verifyPassword(b.currentPassword, row.password_hash)))
        throw AuthErrors.currentPasswordIncorrect({ field: 'currentPassword' });
      if (b.newPassword === b.currentPassword) throw AuthErrors.passwordUnchanged({ field: 'newPassword' });
      await updateUserRow(rt.knex, row.tenant_id, row.id, {
        password_hash: await hashPassword(b.newPassword),
        must_change_password: false,
        password_changed_at: new Date(),
      });
      await revokeAllSessions(rt, row.tenant_id, row.id);
      await rt.audit.record({ ...actorOf(ctx), action: 'user.password_changed', targetType: 'user', targetId: row.id });
      const fresh = (await getUserRow(rt.knex, row.tenant_id, row.id))!;
      return answer(ctx, await startSession(rt, fresh, meta(ctx)), ctx.cookies.get(REFRESH_COOKIE) ? 'cookie' : 'body');
    },
  });
}
