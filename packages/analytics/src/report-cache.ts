import type { PluginBus } from '@bacon/sdk';

/** The bus topic that tells every host a tenant's analytics changed. */
export const CHANGED_TOPIC = 'analytics.changed';

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 1000;
const PUBLISH_EVERY_MS = 100;

/**
 * Report answers cached per tenant in this host's memory, dropped when the tenant's analytics change:
 * the consumer (or a CSAT answer) calls `changed(tenant)`, which clears this host at once and tells
 * the others over the live bus (Redis when configured), at most every 100 ms per tenant. The bus is
 * at most once, so a TTL bounds how stale a missed invalidation can leave an answer.
 */
export class ReportCache {
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  private readonly pending = new Set<string>();
  /** Bumped by every drop: an answer computed across a change is not kept. */
  private readonly generations = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  hits = 0;
  misses = 0;

  constructor(private readonly bus: PluginBus) {
    this.unsubscribe = bus.subscribe(CHANGED_TOPIC, (e) => {
      if (e.tenantId) this.drop(e.tenantId);
    });
  }

  async get<T>(tenantId: string, key: string, compute: () => Promise<T>): Promise<{ value: T; hit: boolean }> {
    const k = `${tenantId}\u0000${key}`;
    const e = this.entries.get(k);
    if (e && e.until > Date.now()) {
      this.hits++;
      return { value: e.value as T, hit: true };
    }
    this.misses++;
    const generation = this.generations.get(tenantId) ?? 0;
    const value = await compute();
    if ((this.generations.get(tenantId) ?? 0) !== generation) return { value, hit: false };
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, { value, until: Date.now() + TTL_MS });
    return { value, hit: false };
  }

  /** The tenant's answers are stale: drop them here now, and on the other hosts soon. */
  changed(tenantId: string): void {
    this.drop(tenantId);
    this.pending.add(tenantId);
    this.timer ??= setTimeout(() => void this.flush(), PUBLISH_EVERY_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const tenants = [...this.pending];
    this.pending.clear();
    for (const tenantId of tenants) await this.bus.publish({ topic: CHANGED_TOPIC, tenantId, payload: {} }).catch(() => undefined);
  }

  private drop(tenantId: string): void {
    this.generations.set(tenantId, (this.generations.get(tenantId) ?? 0) + 1);
    const prefix = `${tenantId}\u0000`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }
}
