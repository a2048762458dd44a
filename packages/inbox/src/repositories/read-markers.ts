import type { Knex } from 'knex';

/**
 * Moves an agent's read marker on a conversation forward to `seq` (never back: a late request from an
 * older tab cannot make read messages unread again). Returns the marker as stored.
 */
export async function advanceReadMarker(
  db: Knex,
  m: { tenantId: string; userId: string; conversationId: string; seq: number; now: Date },
): Promise<number> {
  const { rows } = (await db.raw(
    `INSERT INTO inbox_read_markers (tenant_id, user_id, conversation_id, last_read_seq, updated_at)
     VALUES (:tenantId, :userId, :conversationId, :seq, :now)
     ON CONFLICT (tenant_id, user_id, conversation_id) DO UPDATE
       SET last_read_seq = GREATEST(inbox_read_markers.last_read_seq, EXCLUDED.last_read_seq), updated_at = EXCLUDED.updated_at
     RETURNING last_read_seq`,
    m,
  )) as { rows: { last_read_seq: number }[] };
  return Number(rows[0]!.last_read_seq);
}

/** SQL for the caller's unread count of conversation alias `c` (bind the reader's id). */
export const UNREAD_SQL = `GREATEST(c.last_seq - COALESCE((SELECT r.last_read_seq FROM inbox_read_markers r
  WHERE r.tenant_id = c.tenant_id AND r.user_id = ? AND r.conversation_id = c.id), 0), 0)`;
