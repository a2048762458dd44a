import type { RealtimeEnvelope, RealtimeForward } from '@bacon/sdk';
import type { BusEvent, EventBus } from '../bus/index.js';

/** A bus event as sockets see it, in `room` when given, or undefined when it names no tenant. */
export function toEnvelope(event: BusEvent, room?: string): RealtimeEnvelope | undefined {
  if (!event.tenantId) return undefined;
  const envelope: RealtimeEnvelope = {
    topic: event.topic,
    tenantId: event.tenantId,
    payload: event.payload,
    at: event.at ?? new Date().toISOString(),
  };
  if (room) envelope.room = room;
  if (typeof event.seq === 'number') envelope.seq = event.seq;
  return envelope;
}

/**
 * Bus -> sockets, for the topics plugins forward. Every host hears every bus event (the Redis bus
 * fans them out), so each host delivers to its own sockets only: one copy per socket, whichever
 * host the event came from, and nothing rides the socket.io adapter twice.
 */
export class BusBridge {
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly deliver: (envelope: RealtimeEnvelope) => void,
  ) {}

  /** Forwards events matching `pattern`; `route` names the room each goes to (or drops it). */
  forward(pattern: string, route: RealtimeForward): void {
    this.offs.push(
      this.bus.subscribe(pattern, (event) => {
        if (!event.tenantId) return;
        const where = route({
          topic: event.topic,
          tenantId: event.tenantId,
          seq: event.seq,
          payload: event.payload,
          at: event.at ?? new Date().toISOString(),
        });
        const envelope = where && toEnvelope(event, where.room);
        if (envelope) this.deliver(envelope);
      }),
    );
  }

  close(): void {
    for (const off of this.offs.splice(0)) off();
  }
}
