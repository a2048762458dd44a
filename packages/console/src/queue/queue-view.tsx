import { useMemo, useRef, useState } from 'react';
import { useShortcuts } from '../shortcuts/use-shortcuts.js';
import { ConversationCard } from './conversation-card.js';
import { COLUMNS, type Filters } from './queue-columns.js';
import { QueueFilters } from './queue-filters.js';
import { useBoard } from './use-board.js';
import { LayoutSwitch } from '../inbox/layout-switch.js';
import { tn, useT } from '../i18n/i18n.js';

const FILTERS_KEY = 'bacon.queue.filters';

function savedFilters(): Filters {
  try {
    return { q: '', tag: '', channel: '', ...(JSON.parse(sessionStorage.getItem(FILTERS_KEY) ?? '{}') as Partial<Filters>) };
  } catch {
    return { q: '', tag: '', channel: '' };
  }
}

/** The queue board: five columns with live counts; j/k move focus between cards, Enter (on the link) opens one. */
export function QueueView() {
  const t = useT();
  const [filters, setFiltersState] = useState<Filters>(savedFilters);
  const setFilters = (f: Filters) => {
    sessionStorage.setItem(FILTERS_KEY, JSON.stringify(f));
    setFiltersState(f);
  };
  const { board, error, loading, reload } = useBoard(filters);
  const [selected, setSelected] = useState<string>();
  const searchRef = useRef<HTMLInputElement>(null);
  const order = useMemo(() => COLUMNS.flatMap((c) => board.columns[c.id].ids), [board]);

  const move = (delta: number) => {
    if (!order.length) return;
    const i = selected ? order.indexOf(selected) : -1;
    const next = order[Math.min(order.length - 1, Math.max(0, i + delta))]!;
    setSelected(next);
    document.querySelector<HTMLElement>(`[data-conversation-id="${next}"] a`)?.focus();
  };

  useShortcuts({
    '/': () => searchRef.current?.focus(),
    j: () => move(1),
    k: () => move(-1),
  });

  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <LayoutSwitch />
        <QueueFilters value={filters} onChange={setFilters} searchRef={searchRef} />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {t('queue.notLoaded', { reason: error })}{' '}
          <button type="button" className="button ghost" onClick={() => void reload()}>
            {t('common.retry')}
          </button>
        </p>
      )}
      <div className="board" aria-busy={loading}>
        {COLUMNS.map((col) => {
          const c = board.columns[col.id];
          return (
            <section key={col.id} className={`column column-${col.id}`} aria-labelledby={`col-${col.id}`} data-column={col.id}>
              <h2 id={`col-${col.id}`} className="column-head">
                {t(col.title)}{' '}
                <span className="count" data-count={c.count} aria-label={tn(c.more ? 'queue.countOrMore' : 'queue.count', c.count)}>
                  {c.count}
                  {c.more ? '+' : ''}
                </span>
              </h2>
              {c.ids.length === 0 ? (
                <p className="empty">{loading ? t('common.loading') : t('queue.nothingHere')}</p>
              ) : (
                <ul className="cards">
                  {c.ids.map((id) => (
                    <ConversationCard key={id} conv={board.byId[id]!} selected={id === selected} />
                  ))}
                </ul>
              )}
              {c.more && <p className="more">{t('queue.showingRecent', { count: c.ids.length })}</p>}
            </section>
          );
        })}
      </div>
    </section>
  );
}
