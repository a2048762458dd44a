import type { Knex } from 'knex';
import type { SearchHit, SearchHitKind } from '@bacon/inbox-contract';
import { iso } from './rows.js';

export interface SearchCursor {
  at: string;
  id: string;
}

/**
 * The query as a prefix match on every word, parsed by the same `simple` configuration as the
 * documents (so an email address or a number is one token on both sides). Each lexeme is quoted for
 * `to_tsquery` (its quotes and backslashes escaped), so no user text is read as query syntax.
 */
const QUERY_SQL = `(SELECT to_tsquery('simple', string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & '))
  FROM unnest(to_tsvector('simple', :q)))`;

const CONTACT_TEXT = `coalesce(ct.name, '') || ' ' || coalesce(ct.email, '') || ' ' || coalesce(ct.phone, '')`;

function branch(kind: SearchHitKind, after: boolean): string {
  const keyset = (alias: string) => (after ? `AND (${alias}.created_at, ${alias}.id) < (:at, :id)` : '');
  switch (kind) {
    case 'message':
      return `(SELECT 'message' AS kind, m.id, m.conversation_id, NULL::uuid AS contact_id, m.seq, m.body AS text, m.created_at
         FROM inbox_messages m, query WHERE m.tenant_id = :tenantId AND to_tsvector('simple', m.body) @@ query.q ${keyset('m')}
         ORDER BY m.created_at DESC, m.id DESC LIMIT :limit)`;
    case 'note':
      return `(SELECT 'note' AS kind, n.id, n.conversation_id, NULL::uuid AS contact_id, NULL::integer AS seq, n.body AS text, n.created_at
         FROM inbox_notes n, query WHERE n.tenant_id = :tenantId AND to_tsvector('simple', n.body) @@ query.q ${keyset('n')}
         ORDER BY n.created_at DESC, n.id DESC LIMIT :limit)`;
    case 'contact':
      return `(SELECT 'contact' AS kind, ct.id, NULL::uuid AS conversation_id, ct.id AS contact_id, NULL::integer AS seq,
           ${CONTACT_TEXT} AS text, ct.created_at
         FROM inbox_contacts ct, query WHERE ct.tenant_id = :tenantId AND to_tsvector('simple', ${CONTACT_TEXT}) @@ query.q ${keyset('ct')}
         ORDER BY ct.created_at DESC, ct.id DESC LIMIT :limit)`;
  }
}

/**
 * Full-text search over a tenant's messages, notes and contacts, newest first, keyset-paginated on
 * (created_at, id). Each branch uses its GIN expression index and stops at `limit + 1`; the page is
 * the newest `limit + 1` of their union. Returns the raw text for the caller to cut an excerpt from.
 */
export async function searchRows(
  db: Knex,
  tenantId: string,
  q: string,
  kinds: readonly SearchHitKind[],
  page: { limit: number; after?: SearchCursor },
): Promise<{ hits: (Omit<SearchHit, 'excerpt'> & { text: string })[]; more: boolean }> {
  const union = kinds.map((k) => branch(k, !!page.after)).join(' UNION ALL ');
  const { rows } = (await db.raw(
    `WITH query AS (SELECT ${QUERY_SQL} AS q)
     SELECT x.*, coalesce(ct.name, ct.email) AS contact_name, coalesce(x.contact_id, c.contact_id) AS owner_id
       FROM (SELECT * FROM (${union}) u ORDER BY created_at DESC, id DESC LIMIT :limit) x
       LEFT JOIN inbox_conversations c ON c.tenant_id = :tenantId AND c.id = x.conversation_id
       LEFT JOIN inbox_contacts ct ON ct.tenant_id = :tenantId AND ct.id = coalesce(x.contact_id, c.contact_id)
      WHERE (SELECT q FROM query) IS NOT NULL
      ORDER BY x.created_at DESC, x.id DESC`,
    { q, tenantId, limit: page.limit + 1, at: page.after ? new Date(page.after.at) : null, id: page.after?.id ?? null },
  )) as { rows: Record<string, unknown>[] };
  const hits = rows.slice(0, page.limit).map((r) => ({
    kind: r.kind as SearchHitKind,
    id: r.id as string,
    conversationId: (r.conversation_id as string | null) ?? null,
    contactId: (r.owner_id as string | null) ?? null,
    contactName: (r.contact_name as string | null) ?? null,
    seq: r.seq === null || r.seq === undefined ? null : Number(r.seq),
    text: String(r.text ?? ''),
    createdAt: iso(r.created_at),
  }));
  return { hits, more: rows.length > page.limit };
}
