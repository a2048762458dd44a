import type { Conversation } from '../api/types.js';
import { hrefFor } from '../app/router.js';
import { formatTime, timeAgo } from '../ui/time-ago.js';
import { ChannelBadge } from '../channels/channel-badge.js';
import { t as translate, useT } from '../i18n/i18n.js';

export function contactName(c: Conversation): string {
  return c.contact?.name || c.contact?.email || c.subject || translate('queue.websiteVisitor');
}

export function ConversationCard({ conv, selected }: { conv: Conversation; selected: boolean }) {
  const t = useT();
  const at = conv.lastMessageAt ?? conv.updatedAt;
  return (
    <li className={`card${selected ? ' card-selected' : ''}`} data-conversation-id={conv.id}>
      <a href={hrefFor({ name: 'conversation', id: conv.id })} aria-current={selected ? 'true' : undefined}>
        <span className="card-top">
          <span className="card-name">{contactName(conv)}</span>
          <time dateTime={at} title={formatTime(at)} className="card-time">
            {timeAgo(at)}
          </time>
        </span>
        <span className="card-preview">{conv.preview ?? conv.subject ?? t('queue.noMessages')}</span>
        <span className="card-meta">
          <ChannelBadge channel={conv.channel} />
          {conv.state === 'snoozed' && conv.snoozedUntil && (
            <span className="chip">{t('queue.until', { time: formatTime(conv.snoozedUntil) })}</span>
          )}
          {conv.tags?.slice(0, 3).map((tag) => (
            <span key={tag} className="chip">
              #{tag}
            </span>
          ))}
        </span>
      </a>
    </li>
  );
}
