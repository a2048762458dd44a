import type { Macro } from '@bacon/inbox-contract';
import { tn, useT } from '../i18n/i18n.js';

interface Props {
  id: string;
  macros: Macro[];
  active: number;
  onPick: (m: Macro) => void;
  onHover: (i: number) => void;
  /** The text as it would be inserted (variables filled). */
  preview: (m: Macro) => string;
}

/** Macros matching what follows the slash: the reply box stays focused (combobox pattern). */
export function MacroList({ id, macros, active, onPick, onHover, preview }: Props) {
  const t = useT();
  return (
    <ul className="macro-list" id={id} role="listbox" aria-label={t('conversation.macros')}>
      {macros.length === 0 && (
        <li className="empty" role="option" aria-selected="false" aria-disabled="true">
          {t('conversation.noMacroMatches')}
        </li>
      )}
      {macros.map((m, i) => (
        <li
          key={m.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(m);
          }}
          onMouseEnter={() => onHover(i)}
        >
          <strong>{m.name}</strong>
          <span className="macro-preview">{m.body ? preview(m) : t('conversation.actionsOnly')}</span>
          {m.actions.length > 0 && <span className="chip">{tn('conversation.actions', m.actions.length)}</span>}
        </li>
      ))}
    </ul>
  );
}

export function filterMacros(macros: Macro[], query: string): Macro[] {
  const q = query.toLowerCase();
  return macros.filter((m) => m.name.toLowerCase().includes(q) || (m.body ?? '').toLowerCase().includes(q)).slice(0, 8);
}
