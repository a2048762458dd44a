import { useState } from 'react';
import type { ChannelWindow } from './channels-api.js';
import { channelName } from './channel-badge.js';
import { formatTime } from '../ui/time-ago.js';
import { useT } from '../i18n/i18n.js';

interface Props {
  state: ChannelWindow;
  /** Sends the chosen template; resolves true once it is accepted. */
  onSendTemplate: (name: string, text: string) => Promise<boolean>;
}

/**
 * The customer-service window of a WhatsApp or Messenger conversation: open until when, or closed
 * (why, and what may still go: the approved templates, offered here, or nothing).
 */
export function WindowBanner({ state, onSendTemplate }: Props) {
  const t = useT();
  const w = state.window;
  const [chosen, setChosen] = useState('');
  const [sending, setSending] = useState(false);
  if (!w) return null;
  const name = channelName(state.channel);
  if (w.open)
    return (
      <p className="channel-window window-open" data-window="open" role="status">
        {w.closesAt ? t('channels.windowOpenUntil', { name, time: formatTime(w.closesAt) }) : t('channels.windowOpen', { name })}
      </p>
    );
  const template = w.templates.find((x) => x.name === chosen) ?? w.templates[0];
  const send = async () => {
    if (!template) return;
    setSending(true);
    try {
      if (await onSendTemplate(template.name, template.description ?? t('channels.templateFallback', { name: template.name })))
        setChosen('');
    } finally {
      setSending(false);
    }
  };
  return (
    <section className="channel-window window-closed" data-window="closed" aria-label={t('channels.replyWindow', { name })}>
      <p role="status">
        <strong>{w.whenClosed === 'templates' ? t('channels.closedTemplates') : t('channels.closedRefused')}</strong>{' '}
        {w.reason ?? t('channels.noFreeForm', { name })}
      </p>
      {w.whenClosed === 'templates' && w.templates.length > 0 && (
        <div className="row template-picker">
          <label className="field-inline">
            <span>{t('channels.template')}</span>
            <select aria-label={t('channels.template')} value={template?.name ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {w.templates.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.description ? `${x.name}: ${x.description}` : x.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button primary" disabled={sending} onClick={() => void send()}>
            {t('channels.sendTemplate')}
          </button>
        </div>
      )}
    </section>
  );
}
