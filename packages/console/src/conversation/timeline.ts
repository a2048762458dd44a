import type { Message, Note } from '@bacon/inbox-contract';
import type { OutboxItem } from '../outbox/outbox.js';

export type TimelineItem =
  | { kind: 'message'; key: string; at: string; message: Message }
  | { kind: 'note'; key: string; at: string; note: Note; pending?: boolean }
  | { kind: 'outbox'; key: string; at: string; item: OutboxItem };

/**
 * One ordered transcript: messages by sequence, notes slotted in by time, queued replies last
 * (they have not happened yet as far as the conversation is concerned).
 */
export function buildTimeline(messages: Message[], notes: (Note & { pending?: boolean })[], queued: OutboxItem[]): TimelineItem[] {
  const sorted = [...messages].sort((a, b) => a.seq - b.seq);
  const items: TimelineItem[] = [];
  const ns = [...notes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const oldestShown = sorted[0]?.createdAt;
  let n = 0;
  for (const m of sorted) {
    while (n < ns.length && ns[n]!.createdAt < m.createdAt) {
      if (!oldestShown || ns[n]!.createdAt >= oldestShown)
        items.push({ kind: 'note', key: `n-${ns[n]!.id}`, at: ns[n]!.createdAt, note: ns[n]!, pending: ns[n]!.pending });
      n++;
    }
    items.push({ kind: 'message', key: `m-${m.id}`, at: m.createdAt, message: m });
  }
  for (; n < ns.length; n++)
    items.push({ kind: 'note', key: `n-${ns[n]!.id}`, at: ns[n]!.createdAt, note: ns[n]!, pending: ns[n]!.pending });
  for (const q of queued) items.push({ kind: 'outbox', key: `o-${q.id}`, at: q.createdAt, item: q });
  return items;
}

/** Adds or replaces messages by id (live events and pages may overlap). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  const byId = new Map(current.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}
