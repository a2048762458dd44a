import type { Knex } from 'knex';
import type { Redis } from 'ioredis';

export interface RevokedToken {
  jti: string;
  tenantId: string;
  userId?: string;
  expiresAt: Date;
}

/**
 * The access-token deny-list behind `isRevoked`. With Redis configured, a revoked jti is a Redis key
 * that expires with the token (one round trip per request, shared by every host); without Redis, a
 * row in `revoked_tokens`. Rows are written on both backends so a Redis outage or flush cannot
 * resurrect a token: while Redis is not ready, checks fall back to the database.
 */
export class Revocations {
  constructor(
    private readonly knex: Knex,
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
  ) {
    // Tokens revoked while Redis was away exist only in the table: copy them over when it is back.
    redis?.on('ready', () => void this.resync().catch(() => undefined));
  }

  /** Copies the table's live entries into Redis (at most a few minutes' worth of revocations). */
  async resync(): Promise<number> {
    if (this.redis?.status !== 'ready') return 0;
    const rows = (await this.knex('revoked_tokens').where('expires_at', '>', new Date()).select('jti', 'expires_at')) as {
      jti: string;
      expires_at: Date;
    }[];
    if (!rows.length) return 0;
    const pipeline = this.redis.pipeline();
    for (const r of rows) pipeline.set(this.key(r.jti), '1', 'PX', Math.max(1, new Date(r.expires_at).getTime() - Date.now()));
    await pipeline.exec();
    return rows.length;
  }

  private key(jti: string): string {
    return `${this.prefix}auth:revoked:${jti}`;
  }

  get backend(): 'redis' | 'db' {
    return this.redis ? 'redis' : 'db';
  }

  async revoke(t: RevokedToken): Promise<void> {
    const ttlMs = t.expiresAt.getTime() - Date.now();
    if (ttlMs <= 0) return;
    await this.knex('revoked_tokens')
      .insert({ jti: t.jti, tenant_id: t.tenantId, user_id: t.userId ?? null, expires_at: t.expiresAt })
      .onConflict('jti')
      .ignore();
    if (this.redis?.status === 'ready') await this.redis.set(this.key(t.jti), '1', 'PX', ttlMs);
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (this.redis?.status === 'ready') {
      try {
        return (await this.redis.exists(this.key(jti))) === 1;
      } catch {
        // fall through to the database
      }
    }
    return !!(await this.knex('revoked_tokens').where({ jti }).first('jti'));
  }

  /** Drops deny-list rows of tokens that have expired anyway. */
  async purgeExpired(): Promise<number> {
    return this.knex('revoked_tokens').where('expires_at', '<', new Date()).delete();
  }
}
