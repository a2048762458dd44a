import { useEffect, useState } from 'react';

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
  const [layout, setLayout] = useLayout();
  return (
    <div className="segmented" role="group" aria-label="Layout">
      <button type="button" aria-pressed={layout === 'list'} onClick={() => setLayout('list')}>
        List
      </button>
      <button type="button" aria-pressed={layout === 'board'} onClick={() => setLayout('board')}>
        Board
      </button>
    </div>
  );
}
