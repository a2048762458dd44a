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
 * The prefix match on every word of `words` (a SQL text array), as a `tsquery`. Each lexeme is quoted
 * for `to_tsquery` (its quotes and backslashes escaped), so no user text is read as query syntax.
 */
const prefixQuery = (
  words: string,
) => `(SELECT to_tsquery('simple', string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & '))
  FROM unnest(${words}) AS lexeme)`;

/**
 * The query's words, parsed by the same `simple` configuration as the documents (so an email address
 * or a number is one word on both sides).
 */
const WORDS_SQL = `array(SELECT lexeme FROM unnest(to_tsvector('simple', :q)))`;

/** The whole query (every word, as a prefix), for notes and contacts. */
const QUERY_SQL = prefixQuery(WORDS_SQL);

const CONTACT_TEXT = `coalesce(ct.name, '') || ' ' || coalesce(ct.email, '') || ' ' || coalesce(ct.phone, '')`;

/**
 * How messages are searched (tests shrink these to take each pass on a few messages).
 * Messages are the big table, and Postgres cannot estimate how many rows a prefix query matches (it
 * sees the query only when it runs), so the plan is chosen here, in up to three passes, each with its
 * access path pinned by SET LOCAL so none turns into another's worst case:
 * 1. the newest `walk` messages (the `(tenant_id, created_at, id)` index backwards), each tested on its
 *    stored `search_vector`: a common word has a page among them. The same rows count how often each
 *    word of the query occurs: a cheap sample of which words are common.
 * 2. otherwise the GIN index, capped at `cap` matches and asked only for the words that were not
 *    common in that sample (every word when all were): GIN reads a prefix's whole posting list before
 *    it returns a row, so "delivery" costs its 125,000 matches at a million messages, while the rarer
 *    word of "delivery w123" finds the same rows among 200. The whole query is tested on each row it
 *    returns. Below the cap, the newest matches are the page;
 * 3. at the cap (a word common among older messages), the walk of pass 1 goes on until it has a page.
 */
export interface MessageSearchTuning {
  /** How many of the newest messages the first pass reads. */
  walk: number;
  /** How many matches the GIN pass takes before the walk goes on instead. */
  cap: number;
  /** How many of the `walk` messages a word must occur in to count as common (kept out of the GIN pass). */
  common: number;
}

export const MESSAGE_SEARCH: MessageSearchTuning = { walk: 500, cap: 2500, common: 5 };

const MESSAGE_SELECT = `SELECT 'message' AS kind, m.id, m.conversation_id, NULL::uuid AS contact_id, m.seq, m.body AS text, m.created_at`;

async function searchMessages(
  db: Knex,
  tenantId: string,
  words: string[],
  limit: number,
  after: SearchCursor | undefined,
  tuning: MessageSearchTuning,
): Promise<RawHit[]> {
  const keyset = after ? 'AND (m.created_at, m.id) < (:at, :id)' : '';
  const bindings = { words, tenantId, limit, ...tuning, at: after ? new Date(after.at) : null, id: after?.id ?? null };
  const query = prefixQuery(':words::text[]');
  return db.transaction(async (trx) => {
    await trx.raw('SET LOCAL enable_seqscan = off');
    await trx.raw('SET LOCAL enable_bitmapscan = off');
    // Pass 1: the page if the newest messages hold one; how many there were; each word's count among them.
    const { rows: sampled } = (await trx.raw(
      `WITH recent AS MATERIALIZED (
         SELECT m.id, m.conversation_id, m.seq, m.body, m.created_at, m.search_vector FROM inbox_messages m
          WHERE m.tenant_id = :tenantId ${keyset} ORDER BY m.created_at DESC, m.id DESC LIMIT :walk),
       sample AS (
         SELECT (SELECT count(*) FROM recent) AS scanned,
                array(SELECT (SELECT count(*) FROM recent WHERE search_vector @@ ${prefixQuery('ARRAY[w.word]')})
                        FROM unnest(:words::text[]) WITH ORDINALITY AS w(word, n) ORDER BY w.n) AS counts)
       SELECT sample.*, h.* FROM sample LEFT JOIN LATERAL (
         ${MESSAGE_SELECT} FROM recent m WHERE m.search_vector @@ ${query}
          ORDER BY m.created_at DESC, m.id DESC LIMIT :limit) h ON true`,
      bindings,
    )) as { rows: (RawHit & { scanned: number | string; counts: (number | string)[] })[] };
    const sample = sampled[0]!;
    const hits = sampled.filter((r) => r.id !== null).map(({ scanned: _s, counts: _c, ...hit }) => hit);
    if (hits.length >= limit || Number(sample.scanned) < tuning.walk) return hits;

    const rare = words.filter((_, i) => Number(sample.counts[i]) < tuning.common);
    const probe = rare.length ? rare : words;
    await trx.raw('SET LOCAL enable_bitmapscan = on');
    await trx.raw('SET LOCAL enable_indexscan = off');
    // Pass 2: GIN on the rare words. ts_match_vq (the function behind @@) tests the whole query on each
    // row GIN returns without the index scan taking it as one more condition.
    const whole = probe.length < words.length ? `AND ts_match_vq(m.search_vector, ${query})` : '';
    const { rows: capped } = (await trx.raw(
      `WITH matched AS MATERIALIZED (
         ${MESSAGE_SELECT} FROM inbox_messages m
          WHERE m.tenant_id = :tenantId AND m.search_vector @@ ${prefixQuery(':probe::text[]')} ${whole} ${keyset} LIMIT :cap)
       SELECT *, (SELECT count(*) FROM matched) AS matched FROM matched ORDER BY created_at DESC, id DESC LIMIT :limit`,
      { ...bindings, probe },
    )) as { rows: (RawHit & { matched: number | string })[] };
    if (!capped.length || Number(capped[0]!.matched) < tuning.cap) return capped;

    await trx.raw('SET LOCAL enable_indexscan = on');
    await trx.raw('SET LOCAL enable_bitmapscan = off');
    // Pass 3: the walk, as far as it takes.
    const { rows } = (await trx.raw(
      `${MESSAGE_SELECT} FROM inbox_messages m
        WHERE m.tenant_id = :tenantId AND m.search_vector @@ ${query} ${keyset}
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
  tuning: MessageSearchTuning = MESSAGE_SEARCH,
): Promise<{ hits: (Omit<SearchHit, 'excerpt'> & { text: string })[]; more: boolean }> {
  const { rows: parsed } = (await db.raw(`SELECT ${WORDS_SQL} AS words`, { q })) as { rows: { words: string[] }[] };
  const words = parsed[0]?.words ?? [];
  if (!words.length) return { hits: [], more: false };
  const n = page.limit + 1;
  const found = [
    ...(kinds.includes('message') ? await searchMessages(db, tenantId, words, n, page.after, tuning) : []),
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
