import type { ApiClient } from './api-client.js';

/** An event a durable consumer gave up on (GET /api/v1/events/parked). */
export interface ParkedEvent {
  id: string;
  consumer: string;
  eventId: string;
  topic: string;
  key: string | null;
  seq: number | null;
  payload: unknown;
  error: string;
  attempts: number;
  status: 'parked' | 'retrying';
  parkedAt: string;
}

/** The admin API of parked events. A retry is delivered by the consumer's host: poll `get` for the outcome. */
export function eventsApi(api: ApiClient) {
  const enc = encodeURIComponent;
  return {
    async listParked(consumer?: string): Promise<ParkedEvent[]> {
      return ((await api.get('/events/parked', { consumer: consumer || undefined, limit: 200 })) as { parked: ParkedEvent[] }).parked;
    },
    async retry(id: string): Promise<ParkedEvent> {
      return api.post<ParkedEvent>(`/events/parked/${enc(id)}/retry`);
    },
    async discard(id: string): Promise<void> {
      await api.delete(`/events/parked/${enc(id)}`);
    },
  };
}
