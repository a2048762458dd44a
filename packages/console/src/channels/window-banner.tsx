import { useState } from 'react';
import type { ChannelWindow } from './channels-api.js';
import { channelName } from './channel-badge.js';
import { formatTime } from '../ui/time-ago.js';

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
  const w = state.window;
  const [chosen, setChosen] = useState('');
  const [sending, setSending] = useState(false);
  if (!w) return null;
  const name = channelName(state.channel);
  if (w.open)
    return (
      <p className="channel-window window-open" data-window="open" role="status">
        {name} reply window open{w.closesAt ? <> until {formatTime(w.closesAt)}</> : null}.
      </p>
    );
  const template = w.templates.find((t) => t.name === chosen) ?? w.templates[0];
  const send = async () => {
    if (!template) return;
    setSending(true);
    try {
      if (await onSendTemplate(template.name, template.description ?? `Template: ${template.name}`)) setChosen('');
    } finally {
      setSending(false);
    }
  };
  return (
    <section className="channel-window window-closed" data-window="closed" aria-label={`${name} reply window`}>
      <p role="status">
        <strong>{w.whenClosed === 'templates' ? 'Window closed: templates only.' : 'Window closed: replies are refused.'}</strong>{' '}
        {w.reason ?? `${name} no longer accepts free-form replies on this conversation.`}
      </p>
      {w.whenClosed === 'templates' && w.templates.length > 0 && (
        <div className="row template-picker">
          <label className="field-inline">
            <span>Template</span>
            <select aria-label="Template" value={template?.name ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {w.templates.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.description ? `${t.name}: ${t.description}` : t.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button primary" disabled={sending} onClick={() => void send()}>
            Send template
          </button>
        </div>
      )}
    </section>
  );
}
