import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.js';

export type InboxLayout = 'list' | 'board';

const KEY = 'bacon.inbox.layout';
const EVENT = 'bacon-layout';

export function savedLayout(): InboxLayout {
  try {
    return localStorage.getItem(KEY) === 'board' ? 'board' : 'list';
  } catch {
    return 'list';
  }
}

/** The inbox's layout (three panes, or the board), kept per browser. */
export function useLayout(): [InboxLayout, (l: InboxLayout) => void] {
  const [layout, setLayout] = useState(savedLayout);
  useEffect(() => {
    const on = () => setLayout(savedLayout());
    window.addEventListener(EVENT, on);
    return () => window.removeEventListener(EVENT, on);
  }, []);
  return [
    layout,
    (l) => {
      localStorage.setItem(KEY, l);
      window.dispatchEvent(new Event(EVENT));
    },
  ];
}

/** The List / Board switch shown at the top of both layouts. */
export function LayoutSwitch() {
  const t = useT();
  const [layout, setLayout] = useLayout();
  return (
    <div className="segmented" role="group" aria-label={t('inbox.layout')}>
      <button type="button" aria-pressed={layout === 'list'} onClick={() => setLayout('list')}>
        {t('inbox.list')}
      </button>
      <button type="button" aria-pressed={layout === 'board'} onClick={() => setLayout('board')}>
        {t('inbox.board')}
      </button>
    </div>
  );
}
