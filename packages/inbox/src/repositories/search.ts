import type { Knex } from 'knex';
import type { SearchHit, SearchHitKind } from '@bacon/inbox-contract';
import { iso } from './rows.js';

export interface SearchCursor {
  at: string;
  id: string;
}

type RawHit = {
  kind: SearchHitKind;
  id: string;
  conversation_id: string | null;
  contact_id: string | null;
  seq: number | null;
  text: string;
  created_at: unknown;
};

/**
 * The query as a prefix match on every word, parsed by the same `simple` configuration as the
 * documents (so an email address or a number is one token on both sides). Each lexeme is quoted for
 * `to_tsquery` (its quotes and backslashes escaped), so no user text is read as query syntax.
 */
const QUERY_SQL = `(SELECT to_tsquery('simple', string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & '))
  FROM unnest(to_tsvector('simple', :q)))`;

const CONTACT_TEXT = `coalesce(ct.name, '') || ' ' || coalesce(ct.email, '') || ' ' || coalesce(ct.phone, '')`;

/**
 * Messages are the big table, and Postgres cannot estimate how many rows a prefix query matches
 * (it assumes 2 %), so the plan is chosen here rather than left to the planner, in two passes:
 * 1. the GIN index, capped at MESSAGE_CAP matches: a rare or medium word has fewer, and the newest of
 *    them are the answer (sorted from that small set);
 * 2. a common word (the cap was reached) walks the (tenant_id, created_at, id) index newest first,
 *    testing each row, which finds a page after a few hundred rows.
 * Each pass pins its access path with SET LOCAL, so neither can turn into the other's worst case (a
 * walk of every row for a rare word, or a sort of every match for a common one).
 * The cap balances them: the first pass reads up to `cap` rows, the walk about `page * messages / cap`
 * (at 1,000,000 messages, 10,000 and 2,100 rows at worst).
 */
export const MESSAGE_CAP = 10_000;

async function searchMessages(
  db: Knex,
  tenantId: string,
  q: string,
  limit: number,
  after?: SearchCursor,
  cap = MESSAGE_CAP,
): Promise<RawHit[]> {
  const keyset = after ? 'AND (m.created_at, m.id) < (:at, :id)' : '';
  const select = `SELECT 'message' AS kind, m.id, m.conversation_id, NULL::uuid AS contact_id, m.seq, m.body AS text, m.created_at`;
  const bindings = { q, tenantId, limit, cap, at: after ? new Date(after.at) : null, id: after?.id ?? null };
  return db.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    await trx.raw('SET LOCAL enable_indexscan = off');
    const { rows: capped } = (await trx.raw(
      `WITH matched AS MATERIALIZED (
         ${select} FROM inbox_messages m
          WHERE m.tenant_id = :tenantId AND to_tsvector('simple', m.body) @@ ${QUERY_SQL} ${keyset} LIMIT :cap)
       SELECT *, (SELECT count(*) FROM matched) AS matched FROM matched ORDER BY created_at DESC, id DESC LIMIT :limit`,
      bindings,
    )) as { rows: (RawHit & { matched: number | string })[] };
    if (!capped.length || Number(capped[0]!.matched) < cap) return capped;
    await trx.raw('SET LOCAL enable_indexscan = on');
    await trx.raw('SET LOCAL enable_bitmapscan = off');
    const { rows } = (await trx.raw(
      `${select} FROM inbox_messages m
        WHERE m.tenant_id = :tenantId AND to_tsvector('simple', m.body) @@ ${QUERY_SQL} ${keyset}
        ORDER BY m.created_at DESC, m.id DESC LIMIT :limit`,
      bindings,
    )) as { rows: RawHit[] };
    return rows;
  });
}

/** Notes and contacts: smaller tables, each through its GIN index, newest first. */
async function searchOthers(
  db: Knex,
  tenantId: string,
  q: string,
  kinds: readonly SearchHitKind[],
  limit: number,
  after?: SearchCursor,
): Promise<RawHit[]> {
  const keyset = (alias: string) => (after ? `AND (${alias}.created_at, ${alias}.id) < (:at, :id)` : '');
  const branches = kinds.flatMap((k) =>
    k === 'note'
      ? [
          `(SELECT 'note' AS kind, n.id, n.conversation_id, NULL::uuid AS contact_id, NULL::integer AS seq, n.body AS text, n.created_at
             FROM inbox_notes n, query WHERE n.tenant_id = :tenantId AND to_tsvector('simple', n.body) @@ query.q ${keyset('n')}
             ORDER BY n.created_at DESC, n.id DESC LIMIT :limit)`,
        ]
      : k === 'contact'
        ? [
            `(SELECT 'contact' AS kind, ct.id, NULL::uuid AS conversation_id, ct.id AS contact_id, NULL::integer AS seq,
                 ${CONTACT_TEXT} AS text, ct.created_at
               FROM inbox_contacts ct, query
              WHERE ct.tenant_id = :tenantId AND to_tsvector('simple', ${CONTACT_TEXT}) @@ query.q ${keyset('ct')}
              ORDER BY ct.created_at DESC, ct.id DESC LIMIT :limit)`,
          ]
        : [],
  );
  if (!branches.length) return [];
  const { rows } = (await db.raw(`WITH query AS (SELECT ${QUERY_SQL} AS q) ${branches.join(' UNION ALL ')}`, {
    q,
    tenantId,
    limit,
    at: after ? new Date(after.at) : null,
    id: after?.id ?? null,
  })) as { rows: RawHit[] };
  return rows;
}

/** Who each hit belongs to: a conversation's contact, or the contact itself. */
async function contactNames(db: Knex, tenantId: string, hits: RawHit[]): Promise<Map<string, { contactId: string; name: string | null }>> {
  const conversationIds = [...new Set(hits.flatMap((h) => (h.conversation_id ? [h.conversation_id] : [])))];
  const contactIds = [...new Set(hits.flatMap((h) => (h.contact_id ? [h.contact_id] : [])))];
  const out = new Map<string, { contactId: string; name: string | null }>();
  if (conversationIds.length) {
    const rows = (await db('inbox_conversations as c')
      .leftJoin('inbox_contacts as ct', function () {
        this.on('ct.id', 'c.contact_id').andOn('ct.tenant_id', 'c.tenant_id');
      })
      .where('c.tenant_id', tenantId)
      .whereIn('c.id', conversationIds)
      .select('c.id', 'c.contact_id', db.raw('coalesce(ct.name, ct.email) AS name'))) as {
      id: string;
      contact_id: string;
      name: string | null;
    }[];
    for (const r of rows) out.set(r.id, { contactId: r.contact_id, name: r.name });
  }
  if (contactIds.length) {
    const rows = (await db('inbox_contacts')
      .where('tenant_id', tenantId)
      .whereIn('id', contactIds)
      .select('id', db.raw('coalesce(name, email) AS name'))) as { id: string; name: string | null }[];
    for (const r of rows) out.set(r.id, { contactId: r.id, name: r.name });
  }
  return out;
}

/**
 * Full-text search over a tenant's messages, notes and contacts, newest first, keyset-paginated on
 * (created_at, id). Each kind yields at most `limit + 1` candidates; the page is the newest
 * `limit + 1` of them. Returns the raw text for the caller to cut an excerpt from.
 */
export async function searchRows(
  db: Knex,
  tenantId: string,
  q: string,
  kinds: readonly SearchHitKind[],
  page: { limit: number; after?: SearchCursor },
  /** How many message matches the first pass takes before it walks by time instead (tests lower it). */
  messageCap = MESSAGE_CAP,
): Promise<{ hits: (Omit<SearchHit, 'excerpt'> & { text: string })[]; more: boolean }> {
  const { rows: parsed } = (await db.raw(`SELECT ${QUERY_SQL} IS NOT NULL AS ok`, { q })) as { rows: { ok: boolean }[] };
  if (!parsed[0]?.ok) return { hits: [], more: false };
  const n = page.limit + 1;
  const found = [
    ...(kinds.includes('message') ? await searchMessages(db, tenantId, q, n, page.after, messageCap) : []),
    ...(await searchOthers(db, tenantId, q, kinds, n, page.after)),
  ];
  const time = (h: RawHit) => new Date(h.created_at as string).getTime();
  found.sort((a, b) => time(b) - time(a) || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
  const rows = found.slice(0, n);
  const owners = await contactNames(db, tenantId, rows.slice(0, page.limit));
  const hits = rows.slice(0, page.limit).map((r) => {
    const owner = owners.get(r.conversation_id ?? r.contact_id ?? '');
    return {
      kind: r.kind,
      id: r.id,
      conversationId: r.conversation_id ?? null,
      contactId: owner?.contactId ?? r.contact_id ?? null,
      contactName: owner?.name ?? null,
      seq: r.seq === null || r.seq === undefined ? null : Number(r.seq),
      text: String(r.text ?? ''),
      createdAt: iso(r.created_at),
    };
  });
  return { hits, more: rows.length > page.limit };
}
