import type { Knex } from 'knex';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface RefreshTokenRow {
  id: string;
  tenant_id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  access_jti: string | null;
  access_expires_at: Date | null;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: Date;
}

/** Only the sha256 of a refresh token is stored: a database leak does not leak sessions. */
export const hashRefreshToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function issueRefreshToken(
  knex: Knex,
  t: {
    tenantId: string;
    userId: string;
    familyId?: string;
    ttlDays: number;
    access?: { jti: string; expiresAt: Date };
    ip?: string;
    userAgent?: string;
  },
): Promise<IssuedRefreshToken> {
  const token = randomBytes(32).toString('base64url');
  const familyId = t.familyId ?? randomUUID();
  const expiresAt = new Date(Date.now() + t.ttlDays * 86400_000);
  await knex('refresh_tokens').insert({
    id: randomUUID(),
    tenant_id: t.tenantId,
    user_id: t.userId,
    family_id: familyId,
    token_hash: hashRefreshToken(token),
    access_jti: t.access?.jti ?? null,
    access_expires_at: t.access?.expiresAt ?? null,
    expires_at: expiresAt,
    ip: t.ip ?? null,
    user_agent: t.userAgent?.slice(0, 512) ?? null,
  });
  return { token, familyId, expiresAt };
}

export type RotationOutcome =
  | { kind: 'ok'; row: RefreshTokenRow }
  | { kind: 'unknown' | 'expired' }
  /** A token never used whose session was ended (logout, family or user revoked): nothing leaked. */
  | { kind: 'revoked'; row: RefreshTokenRow }
  /** A token that was already used came back: it leaked, and the family is revoked. */
  | { kind: 'reused'; row: RefreshTokenRow; revoked: RefreshTokenRow[] };

/**
 * Consumes a refresh token, once. The row is locked so two concurrent uses cannot both succeed;
 * presenting a used token revokes its whole family (every session descended from the same login)
 * and reports the access tokens to deny-list. A revoked token that was never used is only refused.
 */
export async function consumeRefreshToken(knex: Knex, token: string): Promise<RotationOutcome> {
  return knex.transaction(async (trx) => {
    const row = (await trx('refresh_tokens')
      .where({ token_hash: hashRefreshToken(token) })
      .forUpdate()
      .first()) as RefreshTokenRow | undefined;
    if (!row) return { kind: 'unknown' };
    if (!row.used_at && row.revoked_at) return { kind: 'revoked', row };
    if (row.used_at) {
      const revoked = await revokeFamily(trx, row.family_id);
      return { kind: 'reused', row, revoked };
    }
    if (new Date(row.expires_at).getTime() <= Date.now()) return { kind: 'expired' };
    await trx('refresh_tokens').where({ id: row.id }).update({ used_at: trx.fn.now() });
    return { kind: 'ok', row };
  });
}

/** Revokes every live token of a family; returns them (their access jtis go on the deny-list). */
export async function revokeFamily(knex: Knex, familyId: string): Promise<RefreshTokenRow[]> {
  const rows = (await knex('refresh_tokens')
    .where({ family_id: familyId })
    .whereNull('revoked_at')
    .update({ revoked_at: knex.fn.now() })
    .returning('*')) as RefreshTokenRow[];
  return rows;
}

/** Revokes every refresh token of a user (admin "revoke all sessions", password change, deletion). */
export async function revokeUserTokens(knex: Knex, tenantId: string, userId: string): Promise<RefreshTokenRow[]> {
  return (await knex('refresh_tokens')
    .where({ tenant_id: tenantId, user_id: userId })
    .whereNull('revoked_at')
    .update({ revoked_at: knex.fn.now() })
    .returning('*')) as RefreshTokenRow[];
}

export async function findRefreshToken(knex: Knex, token: string): Promise<RefreshTokenRow | undefined> {
  return (await knex('refresh_tokens')
    .where({ token_hash: hashRefreshToken(token) })
    .first()) as RefreshTokenRow | undefined;
}
