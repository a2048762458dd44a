import type { SearchHit, SearchHitKind } from '@bacon/inbox-contract';
import { withRetry } from '@bacon/sdk';
import { searchRows, type SearchCursor } from '../repositories/search.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { InboxDeps } from './deps.js';

const EXCERPT = 160;

const isSearchCursor = (v: unknown): v is SearchCursor =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SearchCursor).id === 'string' &&
  /^[0-9a-f-]{36}$/i.test((v as SearchCursor).id) &&
  !Number.isNaN(Date.parse(String((v as SearchCursor).at)));

/** The words of a query, lower-cased, as the excerpt looks for them. */
export function queryWords(q: string): string[] {
  return q.toLowerCase().match(/[\p{L}\p{N}@._+-]+/gu) ?? [];
}

/** A window of the text around the first word of the query it contains (or its start), whitespace folded. */
export function excerptOf(text: string, words: readonly string[]): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXCERPT) return flat;
  const lower = flat.toLowerCase();
  const at = Math.min(...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0), flat.length);
  const start = at === flat.length ? 0 : Math.max(0, at - 40);
  const cut = flat.slice(start, start + EXCERPT);
  return `${start > 0 ? '…' : ''}${cut}${start + EXCERPT < flat.length ? '…' : ''}`;
}

export async function search(
  deps: InboxDeps,
  tenantId: string,
  query: { q: string; kinds: readonly SearchHitKind[]; limit: number; cursor?: string },
): Promise<{ items: SearchHit[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor, isSearchCursor) : undefined;
  const page = await withRetry(() => searchRows(deps.db, tenantId, query.q, query.kinds, { limit: query.limit, after }));
  const words = queryWords(query.q);
  const items = page.hits.map(({ text, ...hit }) => ({ ...hit, excerpt: excerptOf(text, words) }));
  const last = items.at(-1);
  return { items, nextCursor: page.more && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
