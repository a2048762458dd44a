import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { AuthUser, NotificationPrefs } from '@bacon/sdk';

export type Role = 'admin' | 'agent';

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  token_version: number;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  avatar_url: string | null;
  notification_prefs: Partial<NotificationPrefs> | string | null;
  must_change_password: boolean;
  language: string | null;
  password_changed_at: Date | null;
}

export type { NotificationPrefs };

export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  sound: false,
  desktop: true,
  newConversations: true,
  assignedMessages: true,
  mentions: true,
};

/** A user as the API shows it: never the hash. */
export interface PublicUser {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  avatarUrl: string | null;
  notificationPrefs: NotificationPrefs;
  /** Set for a generated or admin-reset password: the console asks for a new one before anything else. */
  mustChangePassword: boolean;
  /** The console language the user chose (a BCP 47 tag); null follows their browser. */
  language: string | null;
}

// PGlite and pg both parse jsonb; a string is tolerated for drivers that do not.
const prefsOf = (v: UserRow['notification_prefs']): Partial<NotificationPrefs> =>
  typeof v === 'string' ? (JSON.parse(v) as Partial<NotificationPrefs>) : (v ?? {});

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled_at !== null,
    lastLoginAt: iso(row.last_login_at),
    createdAt: iso(row.created_at)!,
    avatarUrl: row.avatar_url ?? null,
    notificationPrefs: { ...DEFAULT_NOTIFICATION_PREFS, ...prefsOf(row.notification_prefs) },
    mustChangePassword: !!row.must_change_password,
    language: row.language ?? null,
  };
}

export function toAuthUser(row: UserRow, jti?: string): AuthUser {
  const user: AuthUser = { id: row.id, tenantId: row.tenant_id, role: row.role, email: row.email, name: row.name };
  if (jti) user.jti = jti;
  return user;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from URLs and tokens: a malformed one matches nothing (instead of a database error). */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);

export async function getUserRow(knex: Knex, tenantId: string, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id) || !isUuid(tenantId)) return undefined;
  return (await knex('users').where({ tenant_id: tenantId, id }).first()) as UserRow | undefined;
}

export async function findUserByEmail(knex: Knex, email: string): Promise<UserRow | undefined> {
  return (await knex('users').whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).first()) as UserRow | undefined;
}

export async function listUserRows(knex: Knex, tenantId: string, filter: { role?: Role } = {}): Promise<UserRow[]> {
  if (!isUuid(tenantId)) return [];
  const q = knex('users').where({ tenant_id: tenantId }).orderBy('created_at', 'asc').orderBy('id', 'asc');
  if (filter.role) q.andWhere({ role: filter.role });
  return (await q) as UserRow[];
}

export async function countUsers(knex: Knex): Promise<number> {
  const [{ n }] = (await knex('users').count({ n: '*' })) as [{ n: string | number }];
  return Number(n);
}

export async function insertUser(
  knex: Knex,
  u: { tenantId: string; email: string; name: string; role: Role; passwordHash: string; mustChangePassword?: boolean },
): Promise<UserRow> {
  const [row] = (await knex('users')
    .insert({
      id: randomUUID(),
      tenant_id: u.tenantId,
      email: u.email.trim(),
      name: u.name,
      role: u.role,
      password_hash: u.passwordHash,
      must_change_password: u.mustChangePassword ?? false,
    })
    .returning('*')) as UserRow[];
  return row!;
}

export async function updateUserRow(
  knex: Knex,
  tenantId: string,
  id: string,
  patch: Partial<
    Pick<
      UserRow,
      | 'email'
      | 'name'
      | 'role'
      | 'password_hash'
      | 'disabled_at'
      | 'last_login_at'
      | 'avatar_url'
      | 'must_change_password'
      | 'password_changed_at'
      | 'language'
    > & { notification_prefs: NotificationPrefs }
  >,
): Promise<UserRow | undefined> {
  const { notification_prefs, ...rest } = patch;
  const [row] = (await knex('users')
    .where({ tenant_id: tenantId, id })
    .update({
      ...rest,
      ...(notification_prefs ? { notification_prefs: JSON.stringify(notification_prefs) } : {}),
      updated_at: knex.fn.now(),
    })
    .returning('*')) as UserRow[];
  return row;
}

/** "Revoke all sessions": access tokens issued under an older version stop verifying. */
export async function bumpTokenVersion(knex: Knex, tenantId: string, id: string): Promise<void> {
  await knex('users').where({ tenant_id: tenantId, id }).increment('token_version', 1);
}

export async function deleteUserRow(knex: Knex, tenantId: string, id: string): Promise<boolean> {
  return (await knex('users').where({ tenant_id: tenantId, id }).delete()) > 0;
}

export async function countAdmins(knex: Knex, tenantId: string): Promise<number> {
  const [{ n }] = (await knex('users').where({ tenant_id: tenantId, role: 'admin' }).whereNull('disabled_at').count({ n: '*' })) as [
    { n: string | number },
  ];
  return Number(n);
}
