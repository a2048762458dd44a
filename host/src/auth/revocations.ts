import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { EventBus } from '../bus/index.js';

export const TOKEN_REVOKED = 'auth.token.revoked';
/** How long a host trusts its cached answer for a jti without asking the store again. */
const ANSWER_TTL_MS = 30_000;
const MAX_ANSWERS = 100_000;

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
 *
 * Each host keeps its answers in memory (the request path asks the store once per token and 30 s, not
 * once per request): a revocation marks the jti revoked on this host at once and tells the other hosts
 * on the bus (`auth.token.revoked`), which mark it too; a jti this host has not seen goes to the store.
 * The TTL bounds how long a host that missed the bus message keeps its old answer.
 */
export class Revocations {
  constructor(
    private readonly knex: Knex,
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
    private readonly bus?: EventBus,
  ) {
    bus?.subscribe(TOKEN_REVOKED, (e) => {
      const jti = (e.payload as { jti?: unknown } | undefined)?.jti;
      if (typeof jti === 'string') this.remember(jti, true);
    });
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

  private readonly answers = new Map<string, { revoked: boolean; at: number }>();

  private remember(jti: string, revoked: boolean): void {
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
    this.answers.set(jti, { revoked, at: Date.now() });
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
    this.remember(t.jti, true);
    await this.bus?.publish({ topic: TOKEN_REVOKED, tenantId: t.tenantId, payload: { jti: t.jti } });
  }

  async isRevoked(jti: string): Promise<boolean> {
    const known = this.answers.get(jti);
    if (known && (known.revoked || Date.now() - known.at < ANSWER_TTL_MS)) return known.revoked;
    const revoked = await this.lookUp(jti);
    this.remember(jti, revoked);
    return revoked;
  }

  private async lookUp(jti: string): Promise<boolean> {
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
