/** What the `/agent` namespace emits as `event`. */
export interface EventEnvelope<P = Record<string, unknown>> {
  topic: string;
  tenantId?: string;
  conversationId?: string;
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

/**
 * The events an acknowledgement carries: `conversation:join` answers `{events, more}`, `sync`
 * answers `{conversations: {id: {events, more}}}`.
 */
export function envelopes(ack: unknown): EventEnvelope[] {
  if (Array.isArray(ack)) return ack as EventEnvelope[];
  const a = (ack ?? {}) as { events?: unknown; conversations?: Record<string, { events?: unknown }> };
  const out: EventEnvelope[] = Array.isArray(a.events) ? (a.events as EventEnvelope[]) : [];
  for (const c of Object.values(a.conversations ?? {})) if (Array.isArray(c?.events)) out.push(...(c.events as EventEnvelope[]));
  return out;
}

/** Conversations whose catch-up was cut short (`more: true`): ask again from the new last seq. */
export function unfinished(ack: unknown): string[] {
  const a = (ack ?? {}) as { more?: boolean; conversations?: Record<string, { more?: boolean }> };
  return Object.entries(a.conversations ?? {})
    .filter(([, c]) => c?.more)
    .map(([id]) => id);
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
  return e.conversationId ?? (p?.conversationId as string | undefined) ?? conv?.id;
}
