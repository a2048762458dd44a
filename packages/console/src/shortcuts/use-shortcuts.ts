import { useEffect, useRef } from 'react';

export type ShortcutMap = Record<string, (e: KeyboardEvent) => void>;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** `mod+k`, `shift+?`, `g i` (a sequence), `escape`: how a key press reads. */
function keyName(e: KeyboardEvent): string {
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  parts.push(e.key.length === 1 ? e.key.toLowerCase() : e.key.toLowerCase());
  return parts.join('+');
}

/**
 * Keyboard shortcuts for a view. Single keys are ignored while typing in a field; `mod+` chords
 * and `escape` work everywhere. Two-key sequences (`g i`) must follow within a second.
 */
export function useShortcuts(map: ShortcutMap, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    let prefix = '';
    let prefixAt = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const name = keyName(e);
      const typing = isTyping(e.target);
      if (typing && !name.startsWith('mod+') && name !== 'escape') return;
      const seq = prefix && Date.now() - prefixAt < 1000 ? `${prefix} ${name}` : '';
      const handler = (seq && ref.current[seq]) || ref.current[name];
      if (handler) {
        prefix = '';
        e.preventDefault();
        handler(e);
        return;
      }
      if (Object.keys(ref.current).some((k) => k.startsWith(`${name} `))) {
        prefix = name;
        prefixAt = Date.now();
      } else prefix = '';
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
