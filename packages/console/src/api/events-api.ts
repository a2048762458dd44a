import type { ParkedEvent } from '@bacon/sdk';
import type { ApiClient } from './api-client.js';

export type { ParkedEvent };

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
