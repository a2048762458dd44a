import { useEffect, useState, type RefObject } from 'react';
import type { Filters } from './queue-columns.js';
import { useT } from '../i18n/i18n.js';
import { channelName } from '../channels/channel-badge.js';

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
  const t = useT();
  const [q, setQ] = useState(value.q);
  useEffect(() => {
    const timer = setTimeout(() => q !== value.q && onChange({ ...value, q }), 300);
    return () => clearTimeout(timer);
  }, [q, value, onChange]);
  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
      <label className="field-inline">
        <span className="sr-only">{t('queue.searchConversations')}</span>
        <input ref={searchRef} type="search" placeholder={t('queue.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <label className="field-inline">
        <span>{t('queue.tag')}</span>
        <input
          type="text"
          placeholder={t('queue.anyTag')}
          value={value.tag}
          onChange={(e) => onChange({ ...value, tag: e.target.value.trim() })}
          size={10}
        />
      </label>
      <label className="field-inline">
        <span>{t('queue.channel')}</span>
        <select value={value.channel} onChange={(e) => onChange({ ...value, channel: e.target.value })}>
          <option value="">{t('queue.allChannels')}</option>
          <option value="web">{t('queue.websiteChat')}</option>
          <option value="email">{channelName('email')}</option>
          <option value="whatsapp">{channelName('whatsapp')}</option>
          <option value="messenger">{channelName('messenger')}</option>
        </select>
      </label>
    </form>
  );
}
