import type { DraftStart } from './draft-api.js';

const SKIPPED: Record<string, string> = {
  timeout: 'too slow',
  breaker_open: 'failing lately',
  too_large: 'answer too large',
  failed: 'failed',
};

interface Props {
  busy: boolean;
  meta?: DraftStart;
  error?: string;
  onDraft(): void;
}

/** The "Draft reply" button, what the draft is (an AI draft or an offline suggestion) and the context it used. */
export function DraftPanel({ busy, meta, error, onDraft }: Props) {
  const answered = meta?.context.plugins.filter((p) => p.status === 'ok') ?? [];
  const skipped = meta?.context.plugins.filter((p) => p.status !== 'ok') ?? [];
  return (
    <div className="row draft-row" data-testid="draft-assist">
      <button type="button" className="button ghost" onClick={onDraft} disabled={busy} aria-keyshortcuts="Alt+Shift+D" title="Alt+Shift+D">
        {busy ? 'Drafting…' : 'Draft reply'}
      </button>
      <div className="draft-info" aria-live="polite">
        {error && (
          <span className="field-error" role="alert">
            No draft: {error}
          </span>
        )}
        {meta && (
          <>
            <span className="draft-kind">
              {meta.kind === 'suggestion'
                ? 'Suggestion (no AI provider set): a macro or past reply, check it'
                : `AI draft (${meta.model ?? meta.provider}): check it before sending`}
            </span>
            <span className="hint">
              {' '}
              Context: {meta.context.messages} messages
              {meta.context.notesIncluded ? `, ${meta.context.notes} notes` : ', notes left out'}
              {answered.length ? `; from ${answered.map((p) => p.title).join(', ')}` : ''}
              {skipped.length ? `; skipped ${skipped.map((p) => `${p.title} (${SKIPPED[p.status] ?? p.status})`).join(', ')}` : ''}
            </span>
          </>
        )}
      </div>
    </div>
  );
}
