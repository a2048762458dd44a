import type { Conversation } from '../api/types.js';
import { hrefFor } from '../app/router.js';
import { contactName } from '../queue/conversation-card.js';
import { formatTime, timeAgo } from '../ui/time-ago.js';
import { priorityLabel } from './list-state.js';
import { useT } from '../i18n/i18n.js';
import { ChannelBadge } from '../channels/channel-badge.js';

/** One row of the conversation list: who, when, the last words, priority and state. */
export function ConversationListItem({ conv, open }: { conv: Conversation; open: boolean }) {
  const t = useT();
  const at = conv.lastMessageAt ?? conv.updatedAt;
  return (
    <li
      className={`conv-item${open ? ' conv-item-open' : ''}${conv.unreadCount ? ' conv-item-unread' : ''}`}
      data-conversation-id={conv.id}
      data-priority={conv.priority}
      data-unread={conv.unreadCount ?? 0}
    >
      <a href={hrefFor({ name: 'conversation', id: conv.id })} aria-current={open ? 'page' : undefined}>
        <span className="card-top">
          <span className="card-name">{contactName(conv)}</span>
          {!!conv.unreadCount && (
            <span className="unread-badge" aria-label={t('inbox.unread', { count: conv.unreadCount })}>
              {conv.unreadCount}
            </span>
          )}
          <time dateTime={at} title={formatTime(at)} className="card-time">
            {timeAgo(at)}
          </time>
        </span>
        <span className="conv-item-preview">{conv.preview ?? conv.subject ?? t('inbox.noMessages')}</span>
        <span className="card-meta">
          {conv.priority !== 'none' && (
            <span className={`chip chip-priority priority-${conv.priority}`}>{priorityLabel(conv.priority)}</span>
          )}
          {conv.state === 'snoozed' && <span className="chip">{t('inbox.chipSnoozed')}</span>}
          {conv.state === 'closed' && <span className="chip">{t('inbox.chipClosed')}</span>}
          <ChannelBadge channel={conv.channel} />
        </span>
      </a>
    </li>
  );
}
