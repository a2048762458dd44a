import type { Knex } from 'knex';
import type { NewDurableEvent } from '@bacon/sdk';
import { EventErrors } from './event-errors.js';

/**
 * Appends events in the caller's transaction with one multi-row INSERT (one round trip however many
 * events the unit of work produced). The rows get their commit-order position later, from the sequencer.
 */
export async function appendEvents(trx: Knex | Knex.Transaction, events: readonly NewDurableEvent[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map((e) => {
    if (!e || typeof e.topic !== 'string' || !e.topic || typeof e.tenantId !== 'string' || !e.tenantId || e.payload === undefined) {
      throw EventErrors.invalidEvent({ topic: e?.topic });
    }
    return { tenant_id: e.tenantId, topic: e.topic, key: e.key ?? null, seq: e.seq ?? null, payload: JSON.stringify(e.payload) };
  });
  await trx('host_events').insert(rows);
}
