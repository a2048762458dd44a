import type { DurableEvent } from '@bacon/sdk';

/** A `host_events` row as the driver returns it (bigint columns come back as strings). */
export interface EventRow {
  id: string | number;
  pos: string | number | null;
  tenant_id: string;
  topic: string;
  key: string | null;
  seq: number | null;
  payload: unknown;
  created_at: Date | string;
}

export function toDurableEvent(r: EventRow): DurableEvent {
  const at = new Date(r.created_at).toISOString();
  return { id: String(r.id), topic: r.topic, tenantId: r.tenant_id, key: r.key, seq: r.seq, payload: r.payload, at };
}

/** A bus-style topic pattern (`conversation.*`) as a LIKE pattern. */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}
