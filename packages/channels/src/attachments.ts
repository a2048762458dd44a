import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where attachment bytes live. Local disk by default; anything with put/get can replace it. */
export interface AttachmentStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  /** Removes a file (erasure of a contact); a missing one is no error. Stores without it keep their files. */
  delete?(key: string): Promise<void>;
}

/** Files under `dir`, one per attachment, named by tenant and id (never by the uploaded name). */
export function localDiskStore(dir: string): AttachmentStore {
  const file = (key: string) => {
    if (!/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key');
    return path.join(dir, key);
  };
  return {
    async put(key, bytes) {
      const f = file(key);
      await mkdir(path.dirname(f), { recursive: true });
      await writeFile(f, bytes, { mode: 0o600 });
    },
    async get(key) {
      try {
        return await readFile(file(key));
      } catch {
        return undefined;
      }
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}

/** Types anyone may upload: images, PDF and plain text (a tenant may allow fewer). */
export const ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'];

export interface AttachmentRow {
  id: string;
  tenantId: string;
  visitorKey: string;
  name: string;
  contentType: string;
  size: number;
  storageKey: string;
  /** Set on an agent's upload: the conversation it was made for, and by whom. */
  conversationId?: string | null;
  uploadedBy?: string | null;
  /** A file a note carries: agents only, never the visitor. */
  internal?: boolean;
}

const TABLE = 'channels_attachments';

export async function saveAttachment(
  db: Knex,
  store: AttachmentStore,
  a: {
    tenantId: string;
    visitorKey: string;
    name: string;
    contentType: string;
    bytes: Buffer;
    conversationId?: string;
    uploadedBy?: string;
  },
): Promise<AttachmentRow> {
  const id = randomUUID();
  const storageKey = `${a.tenantId}/${id}`;
  await store.put(storageKey, a.bytes);
  await db(TABLE).insert({
    id,
    tenant_id: a.tenantId,
    visitor_key: a.visitorKey,
    name: a.name,
    content_type: a.contentType,
    size: a.bytes.length,
    storage_key: storageKey,
    conversation_id: a.conversationId ?? null,
    uploaded_by: a.uploadedBy ?? null,
  });
  return {
    id,
    tenantId: a.tenantId,
    visitorKey: a.visitorKey,
    name: a.name,
    contentType: a.contentType,
    size: a.bytes.length,
    storageKey,
    conversationId: a.conversationId ?? null,
    uploadedBy: a.uploadedBy ?? null,
  };
}

export async function findAttachment(db: Knex, tenantId: string, id: string): Promise<AttachmentRow | undefined> {
  const r = await db(TABLE).where({ tenant_id: tenantId, id }).first();
  if (!r) return undefined;
  return {
    id: r.id,
    tenantId: r.tenant_id,
    visitorKey: r.visitor_key,
    name: r.name,
    contentType: r.content_type,
    size: Number(r.size),
    storageKey: r.storage_key,
    conversationId: r.conversation_id ?? null,
    uploadedBy: r.uploaded_by ?? null,
    internal: r.internal === true,
  };
}

/** Keeps files from the visitor (a note carries them). */
export async function markAttachmentsInternal(db: Knex, tenantId: string, ids: string[]): Promise<void> {
  if (ids.length) await db(TABLE).where({ tenant_id: tenantId }).whereIn('id', ids).update({ internal: true });
}
