import type { Context } from 'koa';
import { randomBytes } from 'node:crypto';
import { declareUniqueConflict } from '../http/database-errors.js';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from './auth-runtime.js';
import { hashPassword } from './passwords.js';
import {
  countAdmins,
  deleteUserRow,
  findUserByEmail,
  getUserRow,
  insertUser,
  listUserRows,
  toPublicUser,
  updateUserRow,
  type Role,
  type UserRow,
} from './users-repo.js';
import { revokeAllSessions } from './sessions.js';
import { notFoundInTenant, tenantOf } from './tenant-scope.js';
import { actorOf } from '../security/audit-log.js';
import { ID_PARAMS, PASSWORD, ROLE, USER } from './schemas.js';
import { AuthErrors } from './auth-errors.js';

const body = <T>(ctx: Context) => (ctx.request as unknown as { body: T }).body;
const EMAIL = { type: 'string', format: 'email', maxLength: 320 };
const NAME = { type: 'string', maxLength: 200 };

async function loadUser(slot: AuthRuntimeSlot, ctx: Context): Promise<UserRow> {
  const row = await getUserRow(slot.get().knex, tenantOf(ctx), ctx.params.id!);
  if (!row) throw notFoundInTenant('user');
  return row;
}

/** Refuses to leave a tenant without an active admin. */
async function keepAnAdmin(slot: AuthRuntimeSlot, row: UserRow, losesAdmin: boolean): Promise<void> {
  if (losesAdmin && row.role === 'admin' && !row.disabled_at && (await countAdmins(slot.get().knex, row.tenant_id)) <= 1) {
    throw AuthErrors.lastAdmin();
  }
}

const emailTaken = () => AuthErrors.emailTaken({ field: 'email' });
// Two identical requests at once both pass `emailFree`; the loser hits the index and answers the same 409.
declareUniqueConflict('users_email_unique', emailTaken);

async function emailFree(slot: AuthRuntimeSlot, email: string, except?: string): Promise<void> {
  const other = await findUserByEmail(slot.get().knex, email);
  if (other && other.id !== except) throw emailTaken();
}

/** `/api/v1/users`: the tenant's users, for admins. Every change is audited (never the password). */
export function registerUserRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  const audit = (ctx: Context, action: string, target: string, before?: unknown, after?: unknown) =>
    slot.get().audit.record({ ...actorOf(ctx), action, targetType: 'user', targetId: target, before, after });

  routes.add({
    method: 'get',
    path: '/api/v1/users',
    auth: 'admin',
    summary: "List the tenant's users",
    tags: ['users'],
    schema: {
      query: { type: 'object', additionalProperties: false, properties: { role: ROLE } },
      response: { 200: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: USER } } } },
    },
    handler: async (ctx) => {
      const q = ctx.state.query as { role?: Role };
      return { users: (await listUserRows(slot.get().knex, tenantOf(ctx), { role: q.role })).map(toPublicUser) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/users',
    auth: 'admin',
    summary: 'Create a user (admin or agent) in the tenant',
    tags: ['users'],
    schema: {
      body: {
        type: 'object',
        required: ['email', 'password', 'role'],
        additionalProperties: false,
        properties: { email: EMAIL, name: NAME, role: ROLE, password: PASSWORD },
      },
      response: { 201: USER },
    },
    handler: async (ctx) => {
      const b = body<{ email: string; name?: string; role: Role; password: string }>(ctx);
      await emailFree(slot, b.email);
      const row = await insertUser(slot.get().knex, {
        tenantId: tenantOf(ctx),
        email: b.email,
        name: b.name ?? '',
        role: b.role,
        passwordHash: await hashPassword(b.password),
      });
      const user = toPublicUser(row);
      await audit(ctx, 'user.created', row.id, undefined, user);
      ctx.status = 201;
      return user;
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/users/:id',
    auth: 'admin',
    summary: 'One user',
    tags: ['users'],
    schema: { params: ID_PARAMS, response: { 200: USER } },
    handler: async (ctx) => toPublicUser(await loadUser(slot, ctx)),
  });

  routes.add({
    method: 'patch',
    path: '/api/v1/users/:id',
    auth: 'admin',
    summary: 'Change a user: email, name, role, password, disabled (a password change or disabling revokes their sessions)',
    tags: ['users'],
    schema: {
      params: ID_PARAMS,
      body: {
        type: 'object',
        minProperties: 1,
        additionalProperties: false,
        properties: { email: EMAIL, name: NAME, role: ROLE, password: PASSWORD, disabled: { type: 'boolean' } },
      },
      response: { 200: USER },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      const b = body<{ email?: string; name?: string; role?: Role; password?: string; disabled?: boolean }>(ctx);
      const row = await loadUser(slot, ctx);
      await keepAnAdmin(slot, row, (b.role !== undefined && b.role !== 'admin') || b.disabled === true);
      if (b.email) await emailFree(slot, b.email, row.id);
      const patch: Parameters<typeof updateUserRow>[3] = {};
      if (b.email !== undefined) patch.email = b.email.trim();
      if (b.name !== undefined) patch.name = b.name;
      if (b.role !== undefined) patch.role = b.role;
      if (b.password !== undefined) patch.password_hash = await hashPassword(b.password);
      if (b.disabled !== undefined) patch.disabled_at = b.disabled ? (row.disabled_at ?? new Date()) : null;
      const updated = (await updateUserRow(rt.knex, row.tenant_id, row.id, patch))!;
      if (b.password !== undefined || b.disabled === true) await revokeAllSessions(rt, row.tenant_id, row.id);
      const before = toPublicUser(row);
      const after = toPublicUser(updated);
      await audit(ctx, b.password !== undefined ? 'user.updated_with_password' : 'user.updated', row.id, before, after);
      return after;
    },
  });

  routes.add({
    method: 'delete',
    path: '/api/v1/users/:id',
    auth: 'admin',
    summary: 'Delete a user (their sessions end at once)',
    tags: ['users'],
    schema: { params: ID_PARAMS },
    handler: async (ctx) => {
      const rt = slot.get();
      const row = await loadUser(slot, ctx);
      await keepAnAdmin(slot, row, true);
      await revokeAllSessions(rt, row.tenant_id, row.id);
      await deleteUserRow(rt.knex, row.tenant_id, row.id);
      await audit(ctx, 'user.deleted', row.id, toPublicUser(row), undefined);
      ctx.status = 204;
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/users/:id/reset-password',
    auth: 'admin',
    summary: "Reset a user's password to a generated one, shown once; they choose their own at next sign-in",
    tags: ['users'],
    description: 'Every session of the user ends. Hand the temporary password over by a channel you trust.',
    schema: {
      params: ID_PARAMS,
      response: {
        200: {
          type: 'object',
          required: ['temporaryPassword', 'user'],
          additionalProperties: false,
          properties: { temporaryPassword: { type: 'string' }, user: USER },
        },
      },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      const row = await loadUser(slot, ctx);
      const temporaryPassword = randomBytes(12).toString('base64url');
      const updated = (await updateUserRow(rt.knex, row.tenant_id, row.id, {
        password_hash: await hashPassword(temporaryPassword),
        must_change_password: true,
        password_changed_at: new Date(),
      }))!;
      await revokeAllSessions(rt, row.tenant_id, row.id);
      await audit(ctx, 'user.password_reset', row.id);
      ctx.set('Cache-Control', 'no-store');
      return { temporaryPassword, user: toPublicUser(updated) };
    },
  });

  routes.add({
    method: 'post',
    path: '/api/v1/users/:id/revoke-sessions',
    auth: 'admin',
    summary: 'Log a user out everywhere: every refresh token and every access token issued so far',
    tags: ['users'],
    schema: {
      params: ID_PARAMS,
      response: { 200: { type: 'object', required: ['revokedSessions'], properties: { revokedSessions: { type: 'integer' } } } },
    },
    handler: async (ctx) => {
      const row = await loadUser(slot, ctx);
      const revokedSessions = await revokeAllSessions(slot.get(), row.tenant_id, row.id);
      await audit(ctx, 'user.sessions_revoked', row.id, undefined, { revokedSessions });
      return { revokedSessions };
    },
  });
}
