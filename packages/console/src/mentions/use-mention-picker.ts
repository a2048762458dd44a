import { useEffect, useState, type KeyboardEvent, type RefObject } from 'react';
import { filterMentionable, insertMention, mentionAt, mentionsIn, type Mentionable } from './mention-query.js';

/**
 * The @mention picker of the note box: typing `@` lists teammates; arrows move, Enter or Tab picks,
 * Escape closes. The picked people still named in the text are the note's mentions.
 */
export function useMentionPicker(
  enabled: boolean,
  people: readonly Mentionable[],
  text: string,
  setText: (t: string) => void,
  area: RefObject<HTMLTextAreaElement | null>,
) {
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [dismissed, setDismissed] = useState<number>();
  const at = enabled ? mentionAt(text, caret) : undefined;
  const open = !!at && at.start !== dismissed;
  const matches = open ? filterMentionable(people, at.query) : [];
  useEffect(() => setActive(0), [at?.query]);

  const pick = (p: Mentionable) => {
    if (!at) return;
    const next = insertMention(text, at, p);
    setText(next.text);
    setPicked((list) => [...list.filter((x) => x.id !== p.id), p]);
    setCaret(next.caret);
    requestAnimationFrame(() => area.current?.setSelectionRange(next.caret, next.caret));
  };

  /** Handles the picker's keys; true when the key was its own. */
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = Math.max(1, matches.length);
      setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && matches[active] && !e.ctrlKey && !e.metaKey) pick(matches[active]!);
    else if (e.key === 'Escape') setDismissed(at.start);
    else return false;
    e.preventDefault();
    return true;
  };

  return {
    open,
    matches,
    active,
    setActive,
    pick,
    onKey,
    /** Call with the box after every change, click or selection: the picker follows the caret. */
    follow: (el: HTMLTextAreaElement) => setCaret(el.selectionStart ?? el.value.length),
    mentionsIn: (body: string) => mentionsIn(body, picked),
    reset: () => (setPicked([]), setDismissed(undefined)),
  };
}
