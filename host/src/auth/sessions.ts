import type { AuthRuntime } from './auth-runtime.js';
import { signAccessToken } from './access-tokens.js';
import {
  consumeRefreshToken,
  findRefreshToken,
  issueRefreshToken,
  revokeFamily,
  revokeUserTokens,
  type RefreshTokenRow,
} from './refresh-tokens.js';
import { bumpTokenVersion, getUserRow, type UserRow } from './users-repo.js';
import { AuthErrors } from './auth-errors.js';

export interface SessionTokens {
  accessToken: string;
  accessJti: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: UserRow;
}

interface Meta {
  ip?: string;
  userAgent?: string;
}

function issue(rt: AuthRuntime, user: UserRow, meta: Meta, familyId?: string): Promise<SessionTokens> {
  const access = signAccessToken(
    rt.keys,
    { id: user.id, tenantId: user.tenant_id, role: user.role, tokenVersion: user.token_version },
    rt.config.accessTokenTtl,
  );
  return issueRefreshToken(rt.knex, {
    tenantId: user.tenant_id,
    userId: user.id,
    familyId,
    ttlDays: rt.config.refreshTokenTtlDays,
    access: { jti: access.jti, expiresAt: access.expiresAt },
    ...meta,
  }).then((refresh) => ({
    accessToken: access.token,
    accessJti: access.jti,
    expiresIn: rt.config.accessTokenTtl,
    refreshToken: refresh.token,
    refreshExpiresAt: refresh.expiresAt,
    user,
  }));
}

/** A new login: an access token and the first refresh token of a new family. */
export function startSession(rt: AuthRuntime, user: UserRow, meta: Meta = {}): Promise<SessionTokens> {
  return issue(rt, user, meta);
}

/** Deny-lists the access tokens issued alongside revoked refresh tokens. */
async function denyAccess(rt: AuthRuntime, rows: RefreshTokenRow[]): Promise<void> {
  for (const r of rows) {
    if (r.access_jti && r.access_expires_at) {
      await rt.revocations.revoke({
        jti: r.access_jti,
        tenantId: r.tenant_id,
        userId: r.user_id,
        expiresAt: new Date(r.access_expires_at),
      });
    }
  }
}

/**
 * Rotates a refresh token: the presented one is spent and a new one (same family) comes back with
 * a new access token. A spent token presented again means it leaked: the whole family is revoked.
 */
export async function refreshSession(rt: AuthRuntime, token: string, meta: Meta = {}): Promise<SessionTokens> {
  const outcome = await consumeRefreshToken(rt.knex, token);
  if (outcome.kind === 'reused') {
    await denyAccess(rt, outcome.revoked);
    rt.log.warn({ userId: outcome.row.user_id, familyId: outcome.row.family_id }, 'refresh token reused: session family revoked');
    await rt.audit.record({
      tenantId: outcome.row.tenant_id,
      actorId: outcome.row.user_id,
      actorKind: 'system',
      action: 'auth.refresh_reuse_detected',
      targetType: 'session',
      targetId: outcome.row.family_id,
      ip: meta.ip,
    });
    throw AuthErrors.refreshTokenReused();
  }
  if (outcome.kind === 'revoked') throw AuthErrors.refreshTokenRevoked();
  if (outcome.kind !== 'ok') throw AuthErrors.invalidRefreshToken();
  const user = await getUserRow(rt.knex, outcome.row.tenant_id, outcome.row.user_id);
  if (!user || user.disabled_at) throw AuthErrors.invalidRefreshToken();
  return issue(rt, user, meta, outcome.row.family_id);
}

/** Logout: revokes the refresh token's family and deny-lists its access tokens. */
export async function endSession(rt: AuthRuntime, token: string): Promise<RefreshTokenRow | undefined> {
  const row = await findRefreshToken(rt.knex, token);
  if (!row) return undefined;
  await denyAccess(rt, await revokeFamily(rt.knex, row.family_id));
  return row;
}

/** "Revoke all sessions of user X": every refresh family, and every access token issued before now. */
export async function revokeAllSessions(rt: AuthRuntime, tenantId: string, userId: string): Promise<number> {
  await bumpTokenVersion(rt.knex, tenantId, userId);
  const rows = await revokeUserTokens(rt.knex, tenantId, userId);
  await denyAccess(rt, rows);
  return new Set(rows.map((r) => r.family_id)).size;
}
