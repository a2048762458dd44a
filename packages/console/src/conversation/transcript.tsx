import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { renderMarkdown } from '@bacon/inbox-contract';
import type { OutboxItem } from '../outbox/outbox.js';
import { formatTime } from '../ui/time-ago.js';
import type { TimelineItem } from './timeline.js';
import { MessageAttachments } from './attachments.js';
import { useServices } from '../app/services-context.js';
import { MessageComponents } from './message-components.js';
import { t as translate, useT } from '../i18n/i18n.js';

interface Props {
  items: TimelineItem[];
  hasOlder: boolean;
  loadOlder: () => Promise<void>;
  contactName: string;
  nameOf: (userId: string | null | undefined) => string;
  contactTyping: boolean;
  onRetry: (item: OutboxItem) => void;
  onDiscard: (item: OutboxItem) => void;
  /** What to show beside an outbound message's time (its delivery state on a provider channel). */
  statusOf?: (messageId: string) => ReactNode;
  /** A message to scroll to and highlight (opened from a search hit). */
  focusSeq?: number;
}

/** A body in the safe Markdown subset: the contract's renderer escapes all input and writes only its own tags. */
function Body({ text }: { text: string }) {
  return <div className="text md" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}

const author = (kind: string): string | undefined =>
  kind === 'bot' ? translate('conversation.bot') : kind === 'system' ? translate('conversation.system') : undefined;

/**
 * The live transcript. New items keep the view pinned to the bottom when it was there; loading
 * older pages (button, or scrolling to the top) keeps the reader's place.
 */
export function Transcript({
  items,
  hasOlder,
  loadOlder,
  contactName,
  nameOf,
  contactTyping,
  onRetry,
  onDiscard,
  statusOf,
  focusSeq,
}: Props) {
  const { session } = useServices();
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const anchor = useRef<{ height: number; top: number } | undefined>(undefined);
  const shownSeq = useRef<number | undefined>(undefined);

  // A search hit's message: scrolled into view once it is on the page (older pages load until it is).
  useEffect(() => {
    if (!focusSeq || shownSeq.current === focusSeq) return;
    const el = ref.current?.querySelector<HTMLElement>(`[data-seq="${focusSeq}"]`);
    if (!el) return;
    shownSeq.current = focusSeq;
    pinned.current = false;
    el.scrollIntoView({ block: 'center' });
  }, [items, focusSeq]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = undefined;
    } else if (pinned.current) el.scrollTop = el.scrollHeight;
  }, [items, contactTyping]);

  const older = async () => {
    const el = ref.current;
    if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    await loadOlder();
  };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      if (el.scrollTop === 0 && hasOlder && !anchor.current) void older();
    };
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  });

  return (
    <div className="transcript" ref={ref} role="log" aria-label={t('conversation.transcript')} aria-live="polite" tabIndex={0}>
      {hasOlder && (
        <button type="button" className="button ghost load-older" onClick={() => void older()}>
          {t('conversation.loadEarlier')}
        </button>
      )}
      {items.length === 0 && <p className="empty">{t('conversation.noMessages')}</p>}
      {items.map((it) => {
        if (it.kind === 'message') {
          const m = it.message;
          const who = m.authorKind === 'contact' ? contactName : m.authorKind === 'agent' ? nameOf(m.authorId) : author(m.authorKind);
          return (
            <article
              key={it.key}
              className={`bubble bubble-${m.authorKind}${m.seq === focusSeq ? ' is-found' : ''}`}
              data-seq={m.seq}
              aria-label={t('conversation.messageBy', { who: who ?? '', time: formatTime(m.createdAt) })}
            >
              <header>
                <span className="who">{who}</span> <time dateTime={m.createdAt}>{formatTime(m.createdAt)}</time>
                {m.authorKind !== 'contact' && statusOf?.(m.id)}
              </header>
              <Body text={m.body} />
              <MessageAttachments session={session} attachments={m.payload?.attachments} />
              <MessageComponents payload={m.payload as Record<string, unknown> | null} />
            </article>
          );
        }
        if (it.kind === 'note') {
          const n = it.note;
          return (
            <article
              key={it.key}
              className={`bubble bubble-note${it.pending ? ' is-pending' : ''}`}
              aria-label={t('conversation.noteBy', { who: n.authorId ? nameOf(n.authorId) : t('conversation.automation') })}
            >
              <header>
                <span className="badge-note">{t('conversation.privateNote')}</span>{' '}
                <span className="who">{n.authorId ? nameOf(n.authorId) : t('conversation.automation')}</span>{' '}
                <time dateTime={n.createdAt}>{it.pending ? t('conversation.noteSaving') : formatTime(n.createdAt)}</time>
              </header>
              <Body text={n.body} />
              <MessageAttachments session={session} attachments={n.attachments} />
            </article>
          );
        }
        const q = it.item;
        return (
          <article
            key={it.key}
            className={`bubble bubble-agent is-pending${q.state === 'failed' ? ' is-failed' : ''}`}
            data-outbox={q.state}
          >
            <header>
              <span className="who">{t('conversation.you')}</span>{' '}
              <span className="pending-label">
                {q.state === 'failed'
                  ? t('conversation.notSent', { reason: q.error ?? t('conversation.refused') })
                  : t('conversation.pending')}
              </span>
            </header>
            <p className="text">{q.body}</p>
            {q.state === 'failed' && (
              <div className="row">
                <button type="button" className="button ghost" onClick={() => onRetry(q)}>
                  {t('common.retry')}
                </button>
                <button type="button" className="button ghost" onClick={() => onDiscard(q)}>
                  {t('conversation.discard')}
                </button>
              </div>
            )}
          </article>
        );
      })}
      {contactTyping && (
        <p className="typing" aria-live="polite">
          {t('conversation.typing', { name: contactName })}
        </p>
      )}
    </div>
  );
}
