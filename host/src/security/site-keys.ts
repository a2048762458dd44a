import type { Knex } from 'knex';
import type { EventBus } from '../bus/index.js';
import { findSiteKey, originListed, type SiteKeyRow } from './site-keys-repo.js';

export const SITE_KEYS_CHANGED = 'security.site-keys.changed';
const TTL_MS = 30_000;

/** Normalises an origin as browsers send it: scheme://host[:port], lowercase, no path or slash. */
export function normaliseOrigin(text: string): string | undefined {
  try {
    const u = new URL(text);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Site keys by their public key and CORS origins, cached per host, invalidated through the bus. */
export class SiteKeys {
  private readonly byKey = new Map<string, { row?: SiteKeyRow; at: number }>();
  private readonly origins = new Map<string, { ok: boolean; at: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly bus: EventBus,
  ) {
    bus.subscribe(SITE_KEYS_CHANGED, () => this.clear());
  }

  private clear(): void {
    this.byKey.clear();
    this.origins.clear();
  }

  async find(key: string): Promise<SiteKeyRow | undefined> {
    if (!/^sk_[A-Za-z0-9_-]{10,64}$/.test(key)) return undefined;
    const hit = this.byKey.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.row;
    const row = await findSiteKey(this.knex, key);
    this.byKey.set(key, { row, at: Date.now() });
    return row;
  }

  /** Whether some site key lists this origin (used to answer CORS preflights). */
  async originAllowed(origin: string): Promise<boolean> {
    const o = normaliseOrigin(origin);
    if (!o) return false;
    const hit = this.origins.get(o);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.ok;
    const ok = await originListed(this.knex, o);
    this.origins.set(o, { ok, at: Date.now() });
    return ok;
  }

  async changed(tenantId: string): Promise<void> {
    this.clear();
    await this.bus.publish({ topic: SITE_KEYS_CHANGED, tenantId, payload: {} });
  }
}

/** Whether a request's Origin header is one the site key lists. */
export function siteAllowsOrigin(site: Pick<SiteKeyRow, 'allowed_origins'>, origin: string | undefined): boolean {
  const o = origin ? normaliseOrigin(origin) : undefined;
  return !!o && site.allowed_origins.some((a) => normaliseOrigin(a) === o);
}
