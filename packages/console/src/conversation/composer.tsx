import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { renderMacro, type Macro, type MacroVariables } from '@bacon/inbox-contract';
import { filterMacros, MacroList } from './macro-list.js';
import { MentionList } from '../mentions/mention-list.js';
import type { Mentionable } from '../mentions/mention-query.js';
import { useMentionPicker } from '../mentions/use-mention-picker.js';
import { AttachmentTray, type AttachmentDraft, type SentAttachment } from './attachments.js';
import { useT } from '../i18n/i18n.js';

export type ComposerMode = 'reply' | 'note';

export interface ComposerHandle {
  focus(mode: ComposerMode): void;
  /** Puts text in the reply box for the agent to edit (an AI draft). */
  insert(text: string): void;
}

interface Props {
  macros: Macro[];
  variables: MacroVariables;
  disabledReason?: string;
  /** The conversation is closed: sending a reply reopens it first, and the button says so. */
  reopensOnSend?: boolean;
  onReply: (text: string, macro?: Macro) => Promise<boolean>;
  /** A note, with the ids of the teammates it @mentions and its files. */
  onNote: (text: string, mentions: string[], attachments: SentAttachment[]) => Promise<boolean>;
  /** Who a note may @mention. */
  people?: Mentionable[];
  onTyping: (typing: boolean) => void;
  /** The macro list opened: a chance to fetch macros written since (in another tab, by another admin). */
  onMacroMenu?: () => void;
  /** Every change of the box's text (the AI assist hears a draft being cleared). */
  onTextChange?: (text: string) => void;
  /** The reply's files (picker, drag and drop, pasted images). */
  attach?: AttachmentDraft;
  /** The note's files, picked, dropped and pasted the same way (kept apart from the reply's: a note's stay internal). */
  noteAttach?: AttachmentDraft;
}

/**
 * Reply or private note. Typing `/` at the start (or Ctrl/⌘+K) lists macros; picking one inserts
 * its text with the variables filled. Ctrl/⌘+Enter sends.
 */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  {
    macros,
    variables,
    disabledReason,
    reopensOnSend,
    onReply,
    onNote,
    onTyping,
    onMacroMenu,
    onTextChange,
    people = [],
    attach,
    noteAttach,
  },
  ref,
) {
  const t = useT();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [text, setText] = useState('');
  const [picked, setPicked] = useState<{ macro: Macro; text: string }>();
  const [active, setActive] = useState(0);
  const [closed, setClosed] = useState(false);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const mention = useMentionPicker(mode === 'note', people, text, setText, area);

  useImperativeHandle(ref, () => ({
    focus(m) {
      setMode(m);
      area.current?.focus();
    },
    insert(draft) {
      setMode('reply');
      setText(draft);
      setPicked(undefined);
      area.current?.focus();
    },
  }));

  const slash = mode === 'reply' && !closed ? /^\/(\S*)$/.exec(text) : null;
  const matches = useMemo(() => (slash ? filterMacros(macros, slash[1]!) : []), [slash?.[1], macros]);
  useEffect(() => setActive(0), [slash?.[1]]);
  const menuOpen = !!slash;
  useEffect(() => {
    if (menuOpen) onMacroMenu?.();
  }, [menuOpen]);

  const pick = (m: Macro) => {
    const filled = renderMacro(m.body ?? '', variables);
    setText(filled);
    setPicked({ macro: m, text: filled });
    area.current?.focus();
  };

  // The files of what is being written: the reply's or the note's.
  const draft = mode === 'reply' ? attach : noteAttach;
  const files = draft ? draft.ready : [];
  const send = async () => {
    // A reply or note of files only is sent with their names as its text.
    const body = text.trim() || files.map((f) => f.name).join(', ');
    if (!body && !(picked && picked.text === text)) return;
    if (draft?.busy) return;
    setBusy(true);
    const ok =
      mode === 'note'
        ? await onNote(body, mention.mentionsIn(body), files)
        : await onReply(body, picked && picked.text === text ? picked.macro : undefined);
    setBusy(false);
    if (ok) {
      draft?.clear();
      setText('');
      setPicked(undefined);
      mention.reset();
      onTyping(false);
    }
    area.current?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.onKey(e)) return;
    if (slash) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = Math.max(1, matches.length);
        setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === 'Enter' || e.key === 'Tab') && matches[active]) {
        e.preventDefault();
        pick(matches[active]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setClosed(true);
        return;
      }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    } else if (e.key.toLowerCase() === 'k' && (e.ctrlKey || e.metaKey) && mode === 'reply') {
      e.preventDefault();
      setClosed(false);
      setText('/');
    } else if (e.key === 'Escape') {
      // First Escape leaves the box; the next one (outside it) goes back to the inbox.
      e.preventDefault();
      area.current?.blur();
    }
  };

  const change = (v: string) => {
    setText(v);
    onTextChange?.(v);
    setClosed(false);
    const now = Date.now();
    if (v && now - lastTyping.current > 2000) {
      lastTyping.current = now;
      onTyping(true);
    }
  };

  const listId = 'macro-options';
  return (
    <div
      className={`composer composer-${mode}`}
      onDragOver={(e) => draft && e.dataTransfer.types.includes('Files') && e.preventDefault()}
      onDrop={(e) => {
        if (!draft || !e.dataTransfer.files.length) return;
        e.preventDefault();
        draft.add([...e.dataTransfer.files]);
      }}
    >
      <div role="tablist" aria-label={t('conversation.compose')} className="tabs">
        <button type="button" role="tab" aria-selected={mode === 'reply'} className="tab" onClick={() => setMode('reply')}>
          {t('conversation.reply')}
        </button>
        <button type="button" role="tab" aria-selected={mode === 'note'} className="tab" onClick={() => setMode('note')}>
          {t('conversation.privateNote')}
        </button>
      </div>
      {mention.open && (
        <MentionList
          id="mention-options"
          people={mention.matches}
          active={mention.active}
          onPick={mention.pick}
          onHover={mention.setActive}
        />
      )}
      {slash && (
        <MacroList
          id={listId}
          macros={matches}
          active={active}
          onPick={pick}
          onHover={setActive}
          preview={(m) => renderMacro(m.body ?? '', variables)}
        />
      )}
      <label htmlFor="composer-text" className="sr-only">
        {mode === 'reply' ? t('conversation.replyLabel') : t('conversation.noteLabel')}
      </label>
      <textarea
        id="composer-text"
        ref={area}
        rows={3}
        value={text}
        placeholder={mode === 'reply' ? t('conversation.replyPlaceholder') : t('conversation.notePlaceholder')}
        onChange={(e) => (change(e.target.value), mention.follow(e.target))}
        onSelect={(e) => mention.follow(e.currentTarget)}
        onKeyDown={onKey}
        onPaste={(e) => {
          const pasted = [...e.clipboardData.files];
          if (!draft || !pasted.length) return;
          e.preventDefault();
          draft.add(pasted);
        }}
        onBlur={() => onTyping(false)}
        role="combobox"
        aria-expanded={mode === 'reply' ? !!slash : mention.open}
        aria-controls={slash ? listId : mention.open ? 'mention-options' : undefined}
        aria-activedescendant={
          slash && matches[active]
            ? `${listId}-${active}`
            : mention.open && mention.matches[mention.active]
              ? `mention-options-${mention.active}`
              : undefined
        }
        aria-autocomplete="list"
        disabled={!!disabledReason}
      />
      {draft && !disabledReason && <AttachmentTray key={mode} draft={draft} />}
      <div className="composer-foot">
        <span className="hint">
          {disabledReason ??
            (mode === 'reply' && reopensOnSend
              ? t('conversation.closedHint')
              : picked && picked.text === text && picked.macro.actions.length
                ? t('conversation.macroHint', { name: picked.macro.name })
                : '')}
        </span>
        <button
          type="button"
          className="button ghost"
          onClick={() => (setClosed(false), setText('/'), area.current?.focus())}
          disabled={mode !== 'reply'}
        >
          {t('conversation.macros')}
        </button>
        <button
          type="button"
          className={`button ${mode === 'note' ? 'note' : 'primary'}`}
          onClick={() => void send()}
          disabled={busy || !!disabledReason || !!draft?.busy || (!text.trim() && !files.length && !(picked && picked.text === text))}
        >
          {mode === 'note' ? t('conversation.addNote') : reopensOnSend ? t('conversation.reopenAndSend') : t('conversation.send')}
        </button>
      </div>
    </div>
  );
});
