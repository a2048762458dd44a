import { useEffect, useRef, useState } from 'react';
import { t as translate, useT } from '../i18n/i18n.js';

function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function presets(now = new Date()): { label: string; at: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
  monday.setHours(9, 0, 0, 0);
  return [
    { label: translate('conversation.in1Hour'), at: new Date(now.getTime() + 3600_000) },
    { label: translate('conversation.in4Hours'), at: new Date(now.getTime() + 4 * 3600_000) },
    { label: translate('conversation.tomorrow9'), at: tomorrow },
    { label: translate('conversation.nextMonday9'), at: monday },
  ];
}

/** Snooze until a preset or a chosen local date and time (sent as UTC). */
export function SnoozePicker({ onSnooze, onCancel }: { onSnooze: (until: Date) => void; onCancel: () => void }) {
  const t = useT();
  const [value, setValue] = useState(() => localInput(new Date(Date.now() + 3 * 3600_000)));
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const chosen = new Date(value);
  const valid = !Number.isNaN(chosen.getTime()) && chosen.getTime() > Date.now();
  return (
    <div
      className="popover snooze-picker"
      role="dialog"
      aria-label={t('conversation.snoozeUntil')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <h3>{t('conversation.snoozeUntil')}</h3>
      <div className="preset-grid">
        {presets().map((p, i) => (
          <button key={p.label} ref={i === 0 ? first : undefined} type="button" className="button ghost" onClick={() => onSnooze(p.at)}>
            {p.label}
          </button>
        ))}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onSnooze(chosen);
        }}
      >
        <label htmlFor="snooze-at">{t('conversation.dateAndTime')}</label>
        <input id="snooze-at" type="datetime-local" value={value} min={localInput(new Date())} onChange={(e) => setValue(e.target.value)} />
        {!valid && <p className="form-error">{t('conversation.futureTime')}</p>}
        <div className="row">
          <button type="submit" className="button primary" disabled={!valid}>
            {t('conversation.snooze')}
          </button>
          <button type="button" className="button ghost" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
