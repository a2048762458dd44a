import type { Knex } from 'knex';
import type { DurableEvent, ParkedEvent } from '@bacon/sdk';
import { EventErrors } from './event-errors.js';

export interface ParkedRow {
  id: string | number;
  consumer: string;
  event_id: string | number;
  tenant_id: string;
  topic: string;
  key: string | null;
  seq: number | null;
  payload: unknown;
  event_at: Date | string;
  error: string;
  attempts: number;
  status: 'parked' | 'retrying';
  parked_at: Date | string;
}

export function toParked(r: ParkedRow): ParkedEvent {
  return {
    id: String(r.id),
    consumer: r.consumer,
    eventId: String(r.event_id),
    topic: r.topic,
    key: r.key,
    seq: r.seq,
    payload: r.payload,
    error: r.error,
    attempts: r.attempts,
    status: r.status,
    parkedAt: new Date(r.parked_at).toISOString(),
  };
}

export function parkedAsEvent(r: ParkedRow): DurableEvent {
  const at = new Date(r.event_at).toISOString();
  return { id: String(r.event_id), topic: r.topic, tenantId: r.tenant_id, key: r.key, seq: r.seq, payload: r.payload, at };
}

/** Keeps a copy of the event that kept failing; parking it twice only refreshes the error. */
export async function parkEvent(knex: Knex, consumer: string, ev: DurableEvent, error: string, attempts: number): Promise<void> {
  await knex('host_event_parked')
    .insert({
      consumer,
      event_id: ev.id,
      tenant_id: ev.tenantId,
      topic: ev.topic,
      key: ev.key,
      seq: ev.seq,
      payload: JSON.stringify(ev.payload),
      event_at: ev.at,
      error: error.slice(0, 2000),
      attempts,
      status: 'parked',
    })
    .onConflict(['consumer', 'event_id'])
    .merge({ error: error.slice(0, 2000), attempts, status: 'parked', parked_at: knex.fn.now() });
}

export async function listParked(knex: Knex, tenantId: string, q: { consumer?: string; limit: number }): Promise<ParkedEvent[]> {
  const rows: ParkedRow[] = await knex('host_event_parked')
    .where({ tenant_id: tenantId })
    .modify((b) => (q.consumer ? b.where({ consumer: q.consumer }) : b))
    .orderBy('id', 'asc')
    .limit(q.limit);
  return rows.map(toParked);
}

export async function getParked(knex: Knex, tenantId: string, id: string): Promise<ParkedEvent> {
  const row: ParkedRow | undefined = await knex('host_event_parked').where({ tenant_id: tenantId, id }).first();
  if (!row) throw EventErrors.parkedNotFound({ id });
  return toParked(row);
}

/** Asks the consumer's lease holder for one more delivery (it runs it, so one delivery per key stays in flight). */
export async function requestRetry(knex: Knex, tenantId: string, id: string): Promise<ParkedEvent> {
  const [row]: ParkedRow[] = await knex('host_event_parked')
    .where({ tenant_id: tenantId, id })
    .update({ status: 'retrying' })
    .returning('*');
  if (!row) throw EventErrors.parkedNotFound({ id });
  return toParked(row);
}

export async function discardParked(knex: Knex, tenantId: string, id: string): Promise<void> {
  const gone = await knex('host_event_parked').where({ tenant_id: tenantId, id }).delete().returning('id');
  if (!gone.length) throw EventErrors.parkedNotFound({ id });
}
