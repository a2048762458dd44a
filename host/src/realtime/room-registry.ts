import type {
  RealtimeAudience,
  RealtimeAuthorizer,
  RealtimeCatchUpSource,
  RealtimeEnvelope,
  RealtimePrincipal,
  RealtimeProjection,
} from '@bacon/sdk';
import type { Logger } from '../logs/logger.js';
import { isRoomKind } from './rooms.js';

/**
 * What plugins registered about rooms: the kinds (and who may join them), the catch-up sources of
 * each kind (several per kind, merged by sequence number) and the projections per audience.
 */
export class RoomRegistry {
  private readonly kinds = new Map<string, { authorize?: RealtimeAuthorizer }>();
  private readonly sources = new Map<string, RealtimeCatchUpSource[]>();
  private readonly projections: Record<RealtimeAudience, { prefix: string; projection: RealtimeProjection }[]> = { agent: [], widget: [] };

  constructor(private readonly log: Logger) {}

  roomKind(kind: string, opts: { authorize?: RealtimeAuthorizer } = {}): void {
    if (!isRoomKind(kind)) throw new Error(`realtime: "${kind}" is not a room kind (lowercase letters, digits, dashes)`);
    if (this.kinds.has(kind)) throw new Error(`realtime: room kind "${kind}" is already declared`);
    this.kinds.set(kind, opts);
  }

  addCatchUpSource(kind: string, source: RealtimeCatchUpSource): void {
    this.sources.set(kind, [...(this.sources.get(kind) ?? []), source]);
  }

  project(audience: RealtimeAudience, prefix: string, projection: RealtimeProjection): void {
    const list = this.projections[audience];
    list.push({ prefix, projection });
    list.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Whether `principal` may follow `<kind>:<id>`: unknown kinds never, kinds without an authorizer agents only. */
  async mayFollow(principal: RealtimePrincipal, kind: string, id: string): Promise<boolean> {
    const k = this.kinds.get(kind);
    if (!k) return false;
    if (!k.authorize) return principal.kind === 'agent';
    return !!(await k.authorize(principal, id));
  }

  /** The first `limit` events after `afterSeq` from every source of the room's kind, in sequence order. */
  async missed(query: Parameters<RealtimeCatchUpSource>[0] & { kind: string }): Promise<{ events: RealtimeEnvelope[]; more: boolean }> {
    const sources = this.sources.get(query.kind) ?? [];
    const { kind: _kind, ...q } = query;
    const pages = await Promise.all(sources.map((source) => source({ ...q, limit: q.limit + 1 })));
    const events = pages.flat().sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    return { events: events.slice(0, q.limit), more: events.length > q.limit };
  }

  /** What `audience` sees of `event`: the longest matching prefix's projection; agents as-is without one, widgets nothing. */
  view(audience: RealtimeAudience, event: RealtimeEnvelope): RealtimeEnvelope | undefined {
    const match = this.projections[audience].find((p) => event.topic.startsWith(p.prefix));
    if (!match) return audience === 'agent' ? event : undefined;
    try {
      const out = match.projection(event);
      return out && { ...out, tenantId: event.tenantId, room: event.room };
    } catch (err) {
      this.log.error({ err, topic: event.topic, audience }, 'realtime: projection failed; event withheld');
      return undefined;
    }
  }
}
