import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { PRIORITIES, VIEWS, type Priority } from '@bacon/inbox-contract';
import { navigate } from '../app/router.js';
import { ConversationView } from '../conversation/conversation-view.js';
import { useShortcuts } from '../shortcuts/use-shortcuts.js';
import { ConversationListItem } from './conversation-list-item.js';
import { LayoutSwitch } from './layout-switch.js';
import { priorityLabel, viewLabel, type ListQuery, type ListSort } from './list-state.js';
import { useT } from '../i18n/i18n.js';
import { useConversationList } from './use-conversation-list.js';

const QUERY_KEY = 'bacon.inbox.list';
const DEFAULT_QUERY: ListQuery = { view: 'all', q: '', priority: '', sort: 'updated' };

function savedQuery(): ListQuery {
  try {
    const saved = JSON.parse(sessionStorage.getItem(QUERY_KEY) ?? '{}') as Partial<ListQuery>;
    return {
      view: saved.view && VIEWS.includes(saved.view) ? saved.view : DEFAULT_QUERY.view,
      q: typeof saved.q === 'string' ? saved.q : '',
      priority: saved.priority && PRIORITIES.includes(saved.priority) ? saved.priority : '',
      sort: saved.sort === 'created' || saved.sort === 'priority' ? saved.sort : 'updated',
    };
  } catch {
    return DEFAULT_QUERY;
  }
}

/**
 * The three-pane inbox: views with counts and the conversation list on the left, the open
 * conversation in the middle and its contact on the right. j/k (anywhere) and the arrow keys (in the
 * list) open the next or previous conversation.
 */
export function InboxView({ openId, focusSeq }: { openId?: string; focusSeq?: number }) {
  const t = useT();
  const [query, setQueryState] = useState<ListQuery>(savedQuery);
  const setQuery = (q: ListQuery) => {
    sessionStorage.setItem(QUERY_KEY, JSON.stringify(q));
    setQueryState(q);
  };
  const { items, counts, unread, error, loading, hasMore, loadMore, reload } = useConversationList(query);
  const [search, setSearch] = useState(query.q);
  const listRef = useRef<HTMLElement>(null);
  const refocus = useRef(false);

  useEffect(() => {
    const timer = setTimeout(() => search !== query.q && setQuery({ ...query, q: search }), 300);
    return () => clearTimeout(timer);
  });

  // After an arrow key opened a conversation, focus follows to its row (the shell leaves it there).
  useEffect(() => {
    if (!refocus.current || !openId) return;
    refocus.current = false;
    listRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${openId}"] a`)?.focus();
  }, [openId]);

  const move = (delta: number, focus = false) => {
    if (!items.length) return;
    const i = openId ? items.findIndex((c) => c.id === openId) : -1;
    const next = items[i === -1 ? 0 : Math.min(items.length - 1, Math.max(0, i + delta))]!;
    refocus.current = focus;
    if (next.id !== openId) navigate({ name: 'conversation', id: next.id });
    else if (focus) listRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${next.id}"] a`)?.focus();
  };

  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
  });

  const onListKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1, true);
    }
  };

  return (
    <div className={`inbox-three${openId ? ' has-open' : ''}`}>
      <section className="inbox-list-pane" aria-labelledby="inbox-title">
        <div className="inbox-list-head">
          <h1 id="inbox-title">{t('inbox.title')}</h1>
          <LayoutSwitch />
        </div>
        <nav aria-label={t('inbox.views')}>
          <ul className="views">
            {VIEWS.map((v) => (
              <li key={v}>
                <button type="button" data-view={v} aria-pressed={query.view === v} onClick={() => setQuery({ ...query, view: v })}>
                  <span>{viewLabel(v)}</span>
                  <span className="count" data-count={counts?.[v] ?? ''}>
                    {counts?.[v] ?? '…'}
                  </span>
                  {!!unread?.[v] && (
                    <span className="unread-dot" data-unread={unread[v]} title={t('inbox.withUnread', { count: unread[v] })}>
                      {unread[v]} <span className="sr-only">{t('inbox.unreadWord')}</span>
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <form className="list-filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <label className="field-inline">
            <span className="sr-only">{t('inbox.filterList')}</span>
            <input type="search" placeholder={t('inbox.filterList')} value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <label className="field-inline">
            <span>{t('inbox.priority')}</span>
            <select
              aria-label={t('inbox.filterByPriority')}
              value={query.priority}
              onChange={(e) => setQuery({ ...query, priority: e.target.value as '' | Priority })}
            >
              <option value="">{t('inbox.any')}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p)}
                </option>
              ))}
            </select>
          </label>
          <label className="field-inline">
            <span>{t('inbox.sort')}</span>
            <select
              aria-label={t('inbox.sortBy')}
              value={query.sort}
              onChange={(e) => setQuery({ ...query, sort: e.target.value as ListSort })}
            >
              <option value="updated">{t('inbox.latestActivity')}</option>
              <option value="created">{t('inbox.newestFirst')}</option>
              <option value="priority">{t('inbox.priority')}</option>
            </select>
          </label>
        </form>
        {error && (
          <p className="form-error" role="alert">
            {t('inbox.notLoaded', { reason: error })}{' '}
            <button type="button" className="button ghost" onClick={() => void reload()}>
              {t('common.retry')}
            </button>
          </p>
        )}
        <nav
          ref={listRef}
          aria-label={t('inbox.listLabel', { view: viewLabel(query.view) })}
          className="conv-list"
          aria-busy={loading}
          onKeyDown={onListKey}
        >
          {items.length === 0 ? (
            <p className="empty">{loading ? t('common.loading') : t('inbox.nothingHere')}</p>
          ) : (
            <ul>
              {items.map((c) => (
                <ConversationListItem key={c.id} conv={c} open={c.id === openId} />
              ))}
            </ul>
          )}
          {hasMore && (
            <button type="button" className="button ghost more-button" onClick={() => void loadMore()}>
              {t('inbox.loadMore')}
            </button>
          )}
        </nav>
      </section>
      <div className="inbox-open-pane">
        {openId ? <ConversationView key={openId} id={openId} focusSeq={focusSeq} /> : <p className="empty-pane">{t('inbox.pickOne')}</p>}
      </div>
    </div>
  );
}
