import { useState, type FormEvent } from 'react';

/** Tags as removable chips plus an input; each change saves the whole list. */
export function TagEditor({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const add = (e: FormEvent) => {
    e.preventDefault();
    const t = draft.trim().replace(/^#/, '');
    if (t && !tags.includes(t)) onChange([...tags, t]);
    setDraft('');
  };
  return (
    <div className="tag-editor">
      <ul className="chips" aria-label="Tags">
        {tags.map((t) => (
          <li key={t} className="chip chip-tag">
            #{t}
            <button type="button" className="chip-x" aria-label={`Remove tag ${t}`} onClick={() => onChange(tags.filter((x) => x !== t))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} className="row">
        <label htmlFor="tag-add" className="sr-only">
          Add a tag
        </label>
        <input id="tag-add" type="text" placeholder="Add tag" value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={64} />
        <button type="submit" className="button ghost" disabled={!draft.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}
