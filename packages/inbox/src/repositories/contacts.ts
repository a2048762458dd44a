import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Contact } from '@bacon/inbox-contract';
import { iso, json } from './rows.js';

const TABLE = 'inbox_contacts';

export function toContact(r: Record<string, unknown>): Contact {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    channel: r.channel as string,
    externalId: r.external_id as string,
    name: (r.name as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    attributes: json(r.attributes, {}),
    createdAt: iso(r.created_at),
  };
}

export interface ContactInput {
  externalId: string;
  name?: string;
  email?: string;
  phone?: string;
  attributes?: Record<string, unknown>;
}

/** The contact for (tenant, channel, externalId), created on first sight; known fields are refreshed. */
export async function upsertContact(db: Knex, tenantId: string, channel: string, input: ContactInput, now: Date): Promise<Contact> {
  const row = {
    id: randomUUID(),
    tenant_id: tenantId,
    channel,
    external_id: input.externalId,
    name: input.name ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    attributes: JSON.stringify(input.attributes ?? {}),
    created_at: now,
    updated_at: now,
  };
  const merge: Record<string, unknown> = { updated_at: now };
  if (input.name !== undefined) merge.name = input.name;
  if (input.email !== undefined) merge.email = input.email;
  if (input.phone !== undefined) merge.phone = input.phone;
  const [saved] = await db(TABLE).insert(row).onConflict(['tenant_id', 'channel', 'external_id']).merge(merge).returning('*');
  return toContact(saved);
}

export async function findContact(db: Knex, tenantId: string, id: string): Promise<Contact | undefined> {
  const row = await db(TABLE).where({ tenant_id: tenantId, id }).first();
  return row ? toContact(row) : undefined;
}

/** Blanks a contact's personal data, keeping the row so conversations stay consistent. */
export async function anonymizeContacts(db: Knex, tenantId: string, ids: string[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  return db(TABLE)
    .where({ tenant_id: tenantId })
    .whereIn('id', ids)
    .update({ name: null, email: null, phone: null, attributes: '{}', anonymized_at: now, updated_at: now });
}
