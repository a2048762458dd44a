import type { RealtimeEnvelope } from '@bacon/sdk';
import type { BusEvent, EventBus } from '../bus/index.js';

/** The bus topics realtime forwards; the inbox publishes them after each commit. */
export const FORWARDED_TOPICS = ['conversation.*', 'message.*', 'note.*'];

/** A bus event as sockets see it, or undefined when it names no tenant. */
export function toEnvelope(event: BusEvent): RealtimeEnvelope | undefined {
  if (!event.tenantId) return undefined;
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const cid = typeof payload.conversationId === 'string' ? payload.conversationId : undefined;
  const envelope: RealtimeEnvelope = { topic: event.topic, tenantId: event.tenantId, payload: event.payload, at: event.at ?? new Date().toISOString() };
  if (cid) envelope.conversationId = cid;
  if (typeof event.seq === 'number') envelope.seq = event.seq;
  return envelope;
}

/**
 * Bus -> sockets. Every host hears every bus event (the Redis bus fans them out), so each host
 * delivers to its own sockets only (`io.local`): one copy per socket, whichever host the event
 * came from, and nothing rides the socket.io adapter twice.
 */
export function bridgeBus(bus: EventBus, deliver: (envelope: RealtimeEnvelope) => void): () => void {
  const offs = FORWARDED_TOPICS.map((pattern) =>
    bus.subscribe(pattern, (event) => {
      const envelope = toEnvelope(event);
      if (envelope) deliver(envelope);
    }),
  );
  return () => offs.forEach((off) => off());
}
