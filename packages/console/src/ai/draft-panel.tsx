import type { DraftStart } from './draft-api.js';
import { t, tn, useT } from '../i18n/i18n.js';

const SKIPPED = {
  timeout: 'ai.skippedSlow',
  breaker_open: 'ai.skippedFailing',
  too_large: 'ai.skippedTooLarge',
  failed: 'ai.skippedFailed',
} as const;

/** The shortcut, as the button's title shows it (key names, the same in every language). */
const KEYS = 'Alt+Shift+D';

const skippedReason = (status: string): string => (status in SKIPPED ? t(SKIPPED[status as keyof typeof SKIPPED]) : status);

interface Props {
  busy: boolean;
  meta?: DraftStart;
  error?: string;
  onDraft(): void;
}

/** The "Draft reply" button, what the draft is (an AI draft or an offline suggestion) and the context it used. */
export function DraftPanel({ busy, meta, error, onDraft }: Props) {
  useT();
  const answered = meta?.context.plugins.filter((p) => p.status === 'ok') ?? [];
  const skipped = meta?.context.plugins.filter((p) => p.status !== 'ok') ?? [];
  return (
    <div className="row draft-row" data-testid="draft-assist">
      <button type="button" className="button ghost" onClick={onDraft} disabled={busy} aria-keyshortcuts={KEYS} title={KEYS}>
        {busy ? t('ai.drafting') : t('ai.draftReply')}
      </button>
      <div className="draft-info" aria-live="polite">
        {error && (
          <span className="field-error" role="alert">
            {t('ai.noDraft', { reason: error })}
          </span>
        )}
        {meta && (
          <>
            <span className="draft-kind">
              {meta.kind === 'suggestion' ? t('ai.suggestion') : t('ai.aiDraft', { model: meta.model ?? meta.provider ?? '' })}
            </span>
            <span className="hint">
              {' '}
              {tn('ai.contextMessages', meta.context.messages)}
              {meta.context.notesIncluded ? tn('ai.notes', meta.context.notes) : t('ai.notesLeftOut')}
              {answered.length ? t('ai.from', { names: answered.map((p) => p.title).join(', ') }) : ''}
              {skipped.length ? t('ai.skipped', { names: skipped.map((p) => `${p.title} (${skippedReason(p.status)})`).join(', ') }) : ''}
            </span>
          </>
        )}
      </div>
    </div>
  );
}
