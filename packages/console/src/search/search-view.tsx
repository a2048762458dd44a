import { useCallback, useEffect, useState } from 'react';
import type { SearchHit } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { hrefFor, type Route } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';
import { highlight } from './highlight.js';
import { tn, useT } from '../i18n/i18n.js';

const KIND_LABEL = { message: 'search.kindMessage', note: 'search.kindNote', contact: 'search.kindContact' } as const satisfies Record<
  SearchHit['kind'],
  string
>;

/** Where a hit leads: a message in its conversation (scrolled to and highlighted), a note's conversation, a contact. */
function hitRoute(hit: SearchHit): Route {
  if (hit.kind === 'contact' || !hit.conversationId) return { name: 'contact', id: hit.contactId ?? hit.id };
  return hit.seq ? { name: 'conversation', id: hit.conversationId, seq: hit.seq } : { name: 'conversation', id: hit.conversationId };
}

/** Results of a full-text search over messages, notes and contacts, newest first. */
export function SearchView({ q }: { q: string }) {
  const { inbox } = useServices();
  const t = useT();
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (cursor?: string) => {
      if (!q.trim()) return;
      setLoading(true);
      try {
        const page = await inbox.search(q, { cursor });
        setHits((list) => (cursor ? [...list, ...page.items] : page.items));
        setNext(page.nextCursor);
        setError(undefined);
      } catch (err) {
        setError(describeError(err));
      } finally {
        setLoading(false);
      }
    },
    [inbox, q],
  );
  useEffect(() => {
    setHits([]);
    void load();
  }, [load]);

  return (
    <section className="page search-page" aria-labelledby="search-title">
      <h1 id="search-title">{t('search.title', { q })}</h1>
      {error && (
        <p className="form-error" role="alert">
          {t('search.failed', { reason: error })}
        </p>
      )}
      <p role="status" className="muted">
        {loading
          ? t('search.searching')
          : hits.length
            ? next
              ? t('search.resultsMore', { count: hits.length })
              : tn('search.results', hits.length)
            : q.trim()
              ? t('search.nothingFound')
              : t('search.typeWords')}
      </p>
      <ol className="search-hits">
        {hits.map((hit) => (
          <li key={`${hit.kind}-${hit.id}`} className={`search-hit search-hit-${hit.kind}`} data-hit-id={hit.id}>
            <a href={hrefFor(hitRoute(hit))}>
              <span className="card-top">
                <span className="chip">{t(KIND_LABEL[hit.kind])}</span>
                <span className="card-name">{hit.contactName ?? t('search.websiteVisitor')}</span>
                <time dateTime={hit.createdAt}>{formatTime(hit.createdAt)}</time>
              </span>
              <span className="search-excerpt">{highlight(hit.excerpt, q)}</span>
            </a>
          </li>
        ))}
      </ol>
      {next && (
        <button type="button" className="button ghost" onClick={() => void load(next)} disabled={loading}>
          {t('search.moreResults')}
        </button>
      )}
    </section>
  );
}
