import type { Mentionable } from './mention-query.js';
import { useT } from '../i18n/i18n.js';

interface Props {
  id: string;
  people: Mentionable[];
  active: number;
  onPick: (p: Mentionable) => void;
  onHover: (i: number) => void;
}

/** Teammates matching the `@word` being typed; the note box keeps focus (combobox pattern). */
export function MentionList({ id, people, active, onPick, onHover }: Props) {
  const t = useT();
  return (
    <ul className="macro-list mention-list" id={id} role="listbox" aria-label={t('mentions.label')}>
      {people.length === 0 && (
        <li className="empty" role="option" aria-selected="false" aria-disabled="true">
          {t('mentions.nobody')}
        </li>
      )}
      {people.map((p, i) => (
        <li
          key={p.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(p);
          }}
          onMouseEnter={() => onHover(i)}
        >
          <strong>@{p.name}</strong>
        </li>
      ))}
    </ul>
  );
}
