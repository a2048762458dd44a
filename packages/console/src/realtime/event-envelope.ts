/** What the `/agent` namespace emits as `event`. */
export interface EventEnvelope<P = Record<string, unknown>> {
  topic: string;
  tenantId?: string;
  /** The host room the event belongs to: `conversation:<id>` for a conversation's events. */
  room?: string;
  seq?: number;
  payload: P;
  at?: string;
}

export interface TypingSignal {
  conversationId: string;
  who: 'contact' | 'agent';
  /** The agent's id when an agent types. */
  agentId?: string;
  typing: boolean;
}

const ROOM_PREFIX = 'conversation:';

/** The host room of a conversation (what `room:join` and `sync` name). */
export function conversationRoom(conversationId: string): string {
  return `${ROOM_PREFIX}${conversationId}`;
}

/** The conversation a room name stands for, if it is a conversation's room. */
export function roomConversation(room: string | undefined): string | undefined {
  return room?.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length) : undefined;
}

/**
 * The events an acknowledgement carries: `room:join` answers `{events, more}`, `sync` answers
 * `{rooms: {room: {events, more}}}`.
 */
export function envelopes(ack: unknown): EventEnvelope[] {
  if (Array.isArray(ack)) return ack as EventEnvelope[];
  const a = (ack ?? {}) as { events?: unknown; rooms?: Record<string, { events?: unknown }> };
  const out: EventEnvelope[] = Array.isArray(a.events) ? (a.events as EventEnvelope[]) : [];
  for (const c of Object.values(a.rooms ?? {})) if (Array.isArray(c?.events)) out.push(...(c.events as EventEnvelope[]));
  return out;
}

/** Conversations whose catch-up was cut short (`more: true`): ask again from the new last seq. */
export function unfinished(ack: unknown): string[] {
  const a = (ack ?? {}) as { more?: boolean; rooms?: Record<string, { more?: boolean }> };
  return Object.entries(a.rooms ?? {})
    .filter(([, c]) => c?.more)
    .flatMap(([room]) => roomConversation(room) ?? []);
}

function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h << 5) + h + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

/**
 * What makes an event unique: its topic and sequence number, and the message or note it carries,
 * else its whole payload (two conversation updates in one transaction share seq and timestamp).
 */
export function eventKey(e: EventEnvelope): string {
  const p = (e.payload ?? {}) as { message?: { id?: string }; note?: { id?: string; updatedAt?: string } };
  const what = p.message?.id ?? (p.note ? `${p.note.id}@${p.note.updatedAt ?? ''}` : hash(JSON.stringify(e.payload ?? null)));
  return `${e.topic}|${e.seq ?? ''}|${what}`;
}

/** The conversation an event concerns, wherever the sender put it. */
export function conversationOf(e: EventEnvelope): string | undefined {
  const p = e.payload as Record<string, unknown> | undefined;
  const conv = p?.conversation as { id?: string } | undefined;
  return roomConversation(e.room) ?? (p?.conversationId as string | undefined) ?? conv?.id;
}
