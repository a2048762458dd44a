import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { RateLimited } from '@bacon/sdk';

export interface RateRule {
  points: number;
  /** Window length in seconds. */
  duration: number;
}

/** `"5/20"` -> 5 points per 20 seconds (the format of the BACON_RATE_* variables). */
export function parseRate(text: string): RateRule {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`rate "${text}" is not points/seconds`);
  return { points: Number(m[1]), duration: Number(m[2]) };
}

/** "1 second", "45 seconds", "2 minutes" (rounded up), "1 hour". */
export function waitWords(seconds: number): string {
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (seconds < 60) return unit(seconds, 'second');
  if (seconds < 3600) return unit(Math.ceil(seconds / 60), 'minute');
  return unit(Math.ceil(seconds / 3600), 'hour');
}

/** A 429 the error middleware answers with `Retry-After` (whole seconds, at least 1). */
export function rateLimited(limit: string, msBeforeNext: number) {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return Object.assign(RateLimited(`Too many attempts; try again in ${waitWords(retryAfter)}.`, { limit, retryAfter }), { retryAfter });
}

/**
 * Named rate limiters on one store: in memory on the embedded default, in Redis (shared by every
 * host, keys under the install's prefix) when REDIS_URL is set. A Redis limiter falls back to an
 * in-memory one while Redis is unreachable, so an outage slows nobody down nor lets floods through
 * unchecked.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    private readonly rules: Record<string, RateRule>,
    private readonly redis?: Redis,
    private readonly prefix = 'bacon:',
  ) {}

  get store(): 'redis' | 'memory' {
    return this.redis ? 'redis' : 'memory';
  }

  private limiter(name: string): RateLimiterAbstract {
    let l = this.limiters.get(name);
    if (l) return l;
    const rule = this.rules[name];
    if (!rule) throw new Error(`no rate rule named "${name}"`);
    const base = { points: rule.points, duration: rule.duration, keyPrefix: `${this.prefix}rl:${name}` };
    l = this.redis
      ? new RateLimiterRedis({
          ...base,
          storeClient: this.redis,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(base),
        })
      : new RateLimiterMemory(base);
    this.limiters.set(name, l);
    return l;
  }

  /** Declares a rule by name (plugins' own limits); a name is declared once. */
  define(name: string, rule: RateRule): void {
    if (this.rules[name]) throw new Error(`rate rule "${name}" is already defined`);
    if (!Number.isInteger(rule.points) || rule.points < 1 || !Number.isInteger(rule.duration) || rule.duration < 1) {
      throw new Error(`rate rule "${name}": points and duration must be positive integers`);
    }
    this.rules[name] = rule;
  }

  /** Takes one point for `key` under the named rule; throws a 429 (with retryAfter) when none is left. */
  async consume(name: string, key: string): Promise<void> {
    try {
      await this.limiter(name).consume(key, 1);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(name, err.msBeforeNext);
      throw err;
    }
  }

  /** Forgets the points of `key` (e.g. tests, or an admin unlocking an account). */
  async reset(name: string, key: string): Promise<void> {
    await this.limiter(name).delete(key);
  }
}
