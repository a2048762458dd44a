import { useState, type FormEvent } from 'react';
import { useT } from '../i18n/i18n.js';

/** Tags as removable chips plus an input; each change saves the whole list. */
export function TagEditor({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const tag = draft.trim().replace(/^#/, '');
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
    setDraft('');
  };
  return (
    <div className="tag-editor">
      <ul className="chips" aria-label={t('conversation.tags')}>
        {tags.map((tag) => (
          <li key={tag} className="chip chip-tag">
            #{tag}
            <button
              type="button"
              className="chip-x"
              aria-label={t('conversation.removeTag', { tag })}
              onClick={() => onChange(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="row">
        <label htmlFor="tag-add" className="sr-only">
          {t('conversation.addATag')}
        </label>
        <input
          id="tag-add"
          type="text"
          placeholder={t('conversation.addTag')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          maxLength={64}
        />
        <button type="submit" className="button ghost" disabled={!draft.trim()}>
          {t('conversation.add')}
        </button>
      </form>
    </div>
  );
}
