import { useEffect, useState, type RefObject } from 'react';
import type { Filters } from './queue-columns.js';

/** Search, tag and channel filters; the search waits for a pause in typing. */
export function QueueFilters({
  value,
  onChange,
  searchRef,
}: {
  value: Filters;
  onChange: (f: Filters) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}) {
  const [q, setQ] = useState(value.q);
  useEffect(() => {
    const t = setTimeout(() => q !== value.q && onChange({ ...value, q }), 300);
    return () => clearTimeout(t);
  }, [q, value, onChange]);
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="field-inline">
        <span className="sr-only">Search conversations</span>
        <input ref={searchRef} type="search" placeholder="Search (press /)" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label className="field-inline">
        <span>Tag</span>
        <input
          type="text"
          placeholder="any"
          value={value.tag}
          onChange={(e) => onChange({ ...value, tag: e.target.value.trim() })}
          size={10}
        />
      </label>
      <label className="field-inline">
        <span>Channel</span>
        <select value={value.channel} onChange={(e) => onChange({ ...value, channel: e.target.value })}>
          <option value="">All</option>
          <option value="web">Website chat</option>
          <option value="email">Email</option>
          <option value="whatsapp">WhatsApp</option>
          <option value="messenger">Messenger</option>
        </select>
      </label>
    </form>
  );
}
