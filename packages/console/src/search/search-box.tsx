import { useEffect, useRef, useState, type FormEvent } from 'react';
import { navigate, type Route } from '../app/router.js';
import { useShortcuts } from '../shortcuts/use-shortcuts.js';
import { useT } from '../i18n/i18n.js';

/** The top bar's search: `/` focuses it from anywhere, Enter opens the results page. */
export function SearchBox({ route }: { route: Route }) {
  const t = useT();
  const [q, setQ] = useState(route.name === 'search' ? route.q : '');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (route.name === 'search') setQ(route.q);
  }, [route]);
  useShortcuts({ '/': () => (input.current?.focus(), input.current?.select()) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (q.trim()) navigate({ name: 'search', q: q.trim() });
  };
  return (
    <form className="top-search" role="search" onSubmit={submit}>
      <label htmlFor="top-search-input" className="sr-only">
        {t('search.label')}
      </label>
      <input
        id="top-search-input"
        ref={input}
        type="search"
        placeholder={t('search.placeholder')}
        aria-keyshortcuts="/"
        maxLength={200}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && input.current?.blur()}
      />
    </form>
  );
}
