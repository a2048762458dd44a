import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { Contact, ContactListItem, ContactPatch } from '@bacon/inbox-contract';
import { iso, isoOrNull, json, likePattern } from './rows.js';

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
  // A contact merged into another: its identity still maps here, and the one kept answers.
  if (saved.merged_into_id) {
    const kept = await findContact(db, tenantId, saved.merged_into_id as string);
    if (kept) return kept;
  }
  return toContact(saved);
}

/** A contact row with whether it was merged away (the API answers only live contacts). */
export async function findContactRow(
  db: Knex,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ contact: Contact; mergedIntoId: string | null } | undefined> {
  const q = db(TABLE).where({ tenant_id: tenantId, id }).first();
  const row = await (opts.forUpdate ? q.forUpdate() : q);
  return row ? { contact: toContact(row), mergedIntoId: (row.merged_into_id as string | null) ?? null } : undefined;
}

export interface ContactCursor {
  at: string;
  id: string;
}

/** Live contacts (not merged away), newest first, searched in name, email, phone and channel id; keyset pages. */
export async function listContacts(
  db: Knex,
  tenantId: string,
  f: { q?: string; limit: number; after?: ContactCursor },
): Promise<{ items: ContactListItem[]; next?: ContactCursor }> {
  const q = db(`${TABLE} as ct`)
    .select(
      'ct.*',
      db.raw(
        '(SELECT count(*) FROM inbox_conversations c WHERE c.tenant_id = ct.tenant_id AND c.contact_id = ct.id) AS conversation_count',
      ),
      db.raw(
        '(SELECT max(c.updated_at) FROM inbox_conversations c WHERE c.tenant_id = ct.tenant_id AND c.contact_id = ct.id) AS last_activity_at',
      ),
    )
    .where('ct.tenant_id', tenantId)
    .whereNull('ct.merged_into_id');
  if (f.q) {
    const p = likePattern(f.q);
    q.where((w) =>
      w.where('ct.name', 'ilike', p).orWhere('ct.email', 'ilike', p).orWhere('ct.phone', 'ilike', p).orWhere('ct.external_id', 'ilike', p),
    );
  }
  if (f.after) q.whereRaw('(ct.created_at, ct.id) < (?, ?)', [new Date(f.after.at), f.after.id]);
  const rows = (await q
    .orderBy([
      { column: 'ct.created_at', order: 'desc' },
      { column: 'ct.id', order: 'desc' },
    ])
    .limit(f.limit + 1)) as Record<string, unknown>[];
  const items = rows.slice(0, f.limit).map((r) => ({
    ...toContact(r),
    conversationCount: Number(r.conversation_count),
    lastActivityAt: isoOrNull(r.last_activity_at),
  }));
  const last = items.at(-1);
  return { items, next: rows.length > f.limit && last ? { at: last.createdAt, id: last.id } : undefined };
}

export async function updateContact(
  db: Knex,
  tenantId: string,
  id: string,
  patch: ContactPatch & { attributes?: Record<string, unknown> },
  now: Date,
): Promise<Contact> {
  const { attributes, ...fields } = patch;
  const [row] = await db(TABLE)
    .where({ tenant_id: tenantId, id })
    .update({ ...fields, ...(attributes ? { attributes: JSON.stringify(attributes) } : {}), updated_at: now })
    .returning('*');
  return toContact(row);
}

/** Marks `sourceId` merged into `targetId`: its personal fields are blanked, its identity kept. */
export async function markMerged(db: Knex, tenantId: string, sourceId: string, targetId: string, now: Date): Promise<void> {
  await db(TABLE)
    .where({ tenant_id: tenantId, id: sourceId })
    .update({ merged_into_id: targetId, name: null, email: null, phone: null, attributes: '{}', updated_at: now });
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
