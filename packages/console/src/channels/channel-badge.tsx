import { t, useT } from '../i18n/i18n.js';

/** Display names of the channels Bacon ships (WhatsApp and Messenger are brand names); others show their own name. */
function shippedName(channel: string): string | undefined {
  if (channel === 'web') return t('channels.web');
  if (channel === 'email') return t('channels.email');
  return channel === 'whatsapp' ? 'WhatsApp' : channel === 'messenger' ? 'Messenger' : undefined;
}

/** The channel's name as agents read it. */
export function channelName(channel: string): string {
  return shippedName(channel) ?? channel.charAt(0).toUpperCase() + channel.slice(1);
}

/** Small line icons (24x24, currentColor): a speech bubble for web chat, a phone bubble for WhatsApp, a bolt bubble for Messenger. */
function ChannelIcon({ channel }: { channel: string }) {
  const common = {
    width: 14,
    height: 14,
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 2,
    'aria-hidden': true,
  } as const;
  switch (channel) {
    case 'whatsapp':
      return (
        <svg {...common} className="channel-icon">
          <path d="M3 21l1.7-5A8.5 8.5 0 1 1 8 19.3z" />
          <path d="M9 9.5c0 3 2.5 5.5 5.5 5.5l1-1.5-2-1-1 1c-1 0-2.5-1.5-2.5-2.5l1-1-1-2z" />
        </svg>
      );
    case 'messenger':
      return (
        <svg {...common} className="channel-icon">
          <path d="M12 3C7 3 3 6.7 3 11.3c0 2.5 1.2 4.7 3 6.2V21l3.2-1.8c.9.3 1.8.4 2.8.4 5 0 9-3.7 9-8.3S17 3 12 3z" />
          <path d="M7.5 13.5l3-3 2.5 2 3.5-3" />
        </svg>
      );
    case 'web':
      return (
        <svg {...common} className="channel-icon">
          <path d="M4 5h16v11H9l-5 4z" />
        </svg>
      );
    default:
      return (
        <svg {...common} className="channel-icon">
          <circle cx="12" cy="12" r="8" />
        </svg>
      );
  }
}

/** The channel of a conversation: its icon and name (list rows, board cards, the conversation header). */
export function ChannelBadge({ channel }: { channel: string }) {
  useT();
  return (
    <span
      className={`chip chip-channel channel-${channel.replace(/[^a-z0-9-]/gi, '')}`}
      data-channel={channel}
      title={t('channels.channel', { name: channelName(channel) })}
    >
      <ChannelIcon channel={channel} />
      <span className="channel-name">{channelName(channel)}</span>
    </span>
  );
}
