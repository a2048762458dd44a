import { useCallback, useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { Macro } from '@bacon/inbox-contract';
import { useServices } from '../app/services-context.js';
import { describeError } from '../api/api-error.js';
import { useToasts } from '../ui/toasts.js';
import type { ComposerHandle } from '../conversation/composer.js';
import { requestDraft, sendFeedback, type DraftStart, type FeedbackOutcome } from './draft-api.js';
import { editDistance } from './edit-distance.js';
import { DraftPanel } from './draft-panel.js';
import { t } from '../i18n/i18n.js';

type Reply = (text: string, macro?: Macro) => Promise<boolean>;

/** The shortcut: Alt+Shift+D (by key position, so every keyboard layout and macOS's Option work). */
function isDraftShortcut(e: KeyboardEvent): boolean {
  return e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyD';
}

/**
 * The AI assist in a conversation: the "Draft reply" button and shortcut, the draft streamed into
 * the composer, the context it used, and the feedback recorded by itself: sending the draft
 * unchanged is `accepted`, sending it changed is `edited` (with the edit distance), clearing the box,
 * asking for another draft or leaving the conversation is `rejected`. Nothing is ever sent for the
 * agent. Mount: `panel` above the composer, `wrapReply(reply)` as its `onReply`, `textChanged` as
 * its `onTextChange`.
 */
export function useDraftAssist(
  conversationId: string,
  composer: RefObject<ComposerHandle | null>,
): { panel: ReactNode; wrapReply: (reply: Reply) => Reply; textChanged: (text: string) => void } {
  const { api, routes } = useServices();
  const toasts = useToasts();
  const available = routes.has('post', '/conversations/{id}/draft');
  const [busy, setBusy] = useState(false);
  const [meta, setMeta] = useState<DraftStart>();
  const [error, setError] = useState<string>();
  /** The draft waiting for its feedback: its id and the text put in the box. */
  const pending = useRef<{ id: string; text: string } | undefined>(undefined);
  const streaming = useRef(false);
  const abort = useRef<AbortController | undefined>(undefined);

  const settle = useCallback(
    (outcome: FeedbackOutcome, distance?: number) => {
      const p = pending.current;
      if (!p) return;
      pending.current = undefined;
      void sendFeedback(api, p.id, outcome, distance).catch(() => undefined);
    },
    [api],
  );

  const draft = useCallback(async () => {
    if (!available || streaming.current) return;
    settle('rejected');
    setBusy(true);
    setError(undefined);
    setMeta(undefined);
    streaming.current = true;
    abort.current = new AbortController();
    try {
      const d = await requestDraft(
        api,
        conversationId,
        { onStart: setMeta, onText: (text) => composer.current?.insert(text) },
        abort.current.signal,
      );
      composer.current?.insert(d.text);
      setMeta(d);
      if (d.text) pending.current = { id: d.id, text: d.text };
      else toasts.info(t('ai.nothingMatched'));
    } catch (err) {
      if ((err as Error).name !== 'AbortError') setError(describeError(err));
    } finally {
      streaming.current = false;
      setBusy(false);
    }
  }, [available, api, conversationId, composer, settle, toasts]);

  useEffect(() => {
    if (!available) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isDraftShortcut(e)) return;
      e.preventDefault();
      void draft();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [available, draft]);

  // Leaving the conversation discards a draft not sent.
  useEffect(
    () => () => {
      abort.current?.abort();
      settle('rejected');
    },
    [conversationId, settle],
  );

  const wrapReply = useCallback(
    (reply: Reply): Reply =>
      async (text, macro) => {
        const p = pending.current;
        const ok = await reply(text, macro);
        if (ok && p && pending.current === p) {
          const distance = editDistance(p.text.trim(), text.trim());
          settle(distance === 0 ? 'accepted' : 'edited', distance);
        }
        return ok;
      },
    [settle],
  );

  const textChanged = useCallback(
    (text: string) => {
      if (!streaming.current && pending.current && !text.trim()) {
        settle('rejected');
        setMeta(undefined);
      }
    },
    [settle],
  );

  const panel = available ? <DraftPanel busy={busy} meta={meta} error={error} onDraft={() => void draft()} /> : null;
  return { panel, wrapReply, textChanged };
}
