import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../api/api-error.js';
import './widget-settings-form.css';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { useToasts } from '../ui/toasts.js';
import { formatNumber, useT, type MessageKey } from '../i18n/i18n.js';

type PreChatField = 'off' | 'optional' | 'required';
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAMES: Record<(typeof DAYS)[number], MessageKey> = {
  mon: 'admin.monday',
  tue: 'admin.tuesday',
  wed: 'admin.wednesday',
  thu: 'admin.thursday',
  fri: 'admin.friday',
  sat: 'admin.saturday',
  sun: 'admin.sunday',
};
const TWO_DECIMALS = { minimumFractionDigits: 2, maximumFractionDigits: 2 };

interface Overrides {
  title?: string;
  greeting?: string;
  color?: string;
  textColor?: string;
  position?: 'right' | 'left';
  replyTime?: 'minutes' | 'hour' | 'hours' | 'day';
  officeHours?: { timeZone: string; days: Partial<Record<(typeof DAYS)[number], { from: string; to: string }[]>> } | null;
  preChat?: { name: PreChatField; email: PreChatField };
}
interface View {
  title: string;
  greeting: string;
  color: string;
  textColor: string;
  position: 'right' | 'left';
  replyTime: NonNullable<Overrides['replyTime']>;
  open: boolean;
  preChat: { name: PreChatField; email: PreChatField };
  uploads: { maxBytes: number; types: string[] };
}
interface Answer {
  overrides: Overrides;
  inherited: View;
  effective: View;
}

/** WCAG contrast of two `#rrggbb` colours (the host checks the same rule when saving). */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) =>
    [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
const readableOn = (bg: string) => (contrast(bg, '#ffffff') >= contrast(bg, '#1a1a1a') ? '#ffffff' : '#1a1a1a');
const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * One site key's widget settings: each field shows the workspace value until the site overrides it
 * (marked "Overridden", with a reset), the text colour on the accent is picked automatically or
 * checked against WCAG AA, then office hours, the expected reply time and the pre-chat form.
 */
export function WidgetSettingsForm({ siteKey, siteName }: { siteKey: string; siteName: string }) {
  const { api } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [answer, setAnswer] = useState<Answer>();
  const [o, setO] = useState<Overrides>({});
  const [error, setError] = useState<string>();
  const path = `/channels/site-keys/${encodeURIComponent(siteKey)}/widget`;
  useEffect(() => {
    api.get<Answer>(path).then(
      (a) => (setAnswer(a), setO(a.overrides)),
      (err) => setError(describeError(err)),
    );
  }, [path]);
  if (!answer) return error ? <p className="form-error">{error}</p> : null;

  const base = answer.inherited;
  const set = <K extends keyof Overrides>(k: K, v: Overrides[K] | undefined) =>
    setO((prev) => {
      const next = { ...prev };
      if (v === undefined) delete next[k];
      else next[k] = v;
      return next;
    });
  const id = `ws-${siteKey}`;
  const color = o.color ?? base.color;
  const textColor = o.textColor ?? readableOn(HEX.test(color) ? color : base.color);
  const ratio = HEX.test(color) && HEX.test(textColor) ? contrast(color, textColor) : 0;
  const hours = o.officeHours;
  const firstRange = hours ? (Object.values(hours.days).find((r) => r?.length)?.[0] ?? { from: '09:00', to: '17:00' }) : undefined;
  const setHours = (days: (typeof DAYS)[number][], range: { from: string; to: string }, timeZone: string) =>
    set('officeHours', { timeZone, days: Object.fromEntries(days.map((d) => [d, [range]])) });
  const openDays = hours ? DAYS.filter((d) => hours.days[d]?.length) : [];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (o.textColor && ratio < 4.5) return setError(t('admin.contrastTooLow', { ratio: formatNumber(ratio, TWO_DECIMALS) }));
    try {
      const a = await api.put<Answer>(path, o);
      setAnswer(a);
      setO(a.overrides);
      setError(undefined);
      toasts.info(t('admin.widgetSaved'));
    } catch (err) {
      setError(describeError(err));
    }
  };

  const row = (key: keyof Overrides, label: string, control: ReactNode, hint?: ReactNode) => (
    <div className="field" data-overridden={key in o}>
      <label htmlFor={`${id}-${key}`}>
        {label} {key in o && <span className="badge">{t('admin.overridden')}</span>}
      </label>
      {control}
      <span className="hint">
        {hint}
        {key in o && (
          <button type="button" className="button ghost" onClick={() => set(key, undefined)}>
            {t('admin.useWorkspaceValue')}
          </button>
        )}
      </span>
    </div>
  );

  return (
    <form className="card-form" onSubmit={save} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('admin.widgetFor', { site: siteName || siteKey })}</h3>
      <div className="form-grid">
        {row(
          'title',
          t('admin.wTitle'),
          <input id={`${id}-title`} value={o.title ?? base.title} onChange={(e) => set('title', e.target.value)} />,
        )}
        {row(
          'greeting',
          t('admin.wGreeting'),
          <textarea id={`${id}-greeting`} rows={2} value={o.greeting ?? base.greeting} onChange={(e) => set('greeting', e.target.value)} />,
        )}
        {row(
          'color',
          t('admin.wAccent'),
          <input
            id={`${id}-color`}
            type="color"
            value={HEX.test(color) ? color : base.color}
            onChange={(e) => set('color', e.target.value)}
          />,
        )}
        {row(
          'textColor',
          t('admin.wTextColor'),
          <select
            id={`${id}-textColor`}
            value={o.textColor ?? 'auto'}
            onChange={(e) => set('textColor', e.target.value === 'auto' ? undefined : e.target.value)}
          >
            <option value="auto">{t('admin.wAuto')}</option>
            <option value="#ffffff">{t('admin.wWhite')}</option>
            <option value="#1a1a1a">{t('admin.wBlack')}</option>
          </select>,
          <span className={ratio < 4.5 ? 'form-error' : undefined} role={ratio < 4.5 ? 'alert' : undefined}>
            <span className="swatch" style={{ background: color, color: textColor }}>
              {t('admin.wSample')}
            </span>{' '}
            {t(ratio >= 4.5 ? 'admin.wContrastOk' : 'admin.wContrastLow', { ratio: formatNumber(ratio, TWO_DECIMALS) })}
          </span>,
        )}
        {row(
          'position',
          t('admin.wPosition'),
          <select id={`${id}-position`} value={o.position ?? base.position} onChange={(e) => set('position', e.target.value as 'left')}>
            <option value="right">{t('admin.wBottomRight')}</option>
            <option value="left">{t('admin.wBottomLeft')}</option>
          </select>,
        )}
        {row(
          'replyTime',
          t('admin.wReplyTime'),
          <select id={`${id}-replyTime`} value={o.replyTime ?? base.replyTime} onChange={(e) => set('replyTime', e.target.value as 'day')}>
            <option value="minutes">{t('admin.wMinutes')}</option>
            <option value="hour">{t('admin.wHour')}</option>
            <option value="hours">{t('admin.wHours')}</option>
            <option value="day">{t('admin.wDay')}</option>
          </select>,
        )}
        {(['name', 'email'] as const).map((f) => (
          <div className="field" key={f} data-overridden={'preChat' in o}>
            <label htmlFor={`${id}-pre-${f}`}>
              {f === 'name' ? t('admin.wPreChatName') : t('admin.wPreChatEmail')}{' '}
              {'preChat' in o && <span className="badge">{t('admin.overridden')}</span>}
            </label>
            <select
              id={`${id}-pre-${f}`}
              value={(o.preChat ?? base.preChat)[f]}
              onChange={(e) => set('preChat', { ...(o.preChat ?? base.preChat), [f]: e.target.value as PreChatField })}
            >
              <option value="off">{t('admin.wNotAsked')}</option>
              <option value="optional">{t('admin.wOptional')}</option>
              <option value="required">{t('admin.wRequired')}</option>
            </select>
          </div>
        ))}
      </div>
      <fieldset className="office-hours">
        <legend>
          {t('admin.wOfficeHours')} {'officeHours' in o && <span className="badge">{t('admin.overridden')}</span>}
        </legend>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={!!hours}
            onChange={(e) =>
              e.target.checked
                ? setHours(
                    ['mon', 'tue', 'wed', 'thu', 'fri'],
                    { from: '09:00', to: '17:00' },
                    Intl.DateTimeFormat().resolvedOptions().timeZone,
                  )
                : set('officeHours', undefined)
            }
          />{' '}
          {t('admin.wOpenAtHours')}
        </label>
        {hours && firstRange && (
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-tz`}>{t('admin.wTimeZone')}</label>
              <input id={`${id}-tz`} value={hours.timeZone} onChange={(e) => setHours(openDays, firstRange, e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-from`}>{t('admin.wOpensAt')}</label>
              <input
                id={`${id}-from`}
                type="time"
                value={firstRange.from}
                onChange={(e) => setHours(openDays, { ...firstRange, from: e.target.value }, hours.timeZone)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-to`}>{t('admin.wClosesAt')}</label>
              <input
                id={`${id}-to`}
                type="time"
                value={firstRange.to}
                onChange={(e) => setHours(openDays, { ...firstRange, to: e.target.value }, hours.timeZone)}
              />
            </div>
            <div className="field" role="group" aria-label={t('admin.wOpenDays')}>
              {DAYS.map((d) => (
                <label key={d} className="checkbox">
                  <input
                    type="checkbox"
                    checked={openDays.includes(d)}
                    onChange={(e) =>
                      setHours(e.target.checked ? [...openDays, d] : openDays.filter((x) => x !== d), firstRange, hours.timeZone)
                    }
                  />{' '}
                  {t(DAY_NAMES[d])}
                </label>
              ))}
            </div>
          </div>
        )}
        <p className="hint">{answer.effective.open ? t('admin.wNowOpen') : t('admin.wNowAway')}</p>
      </fieldset>
      <p className="hint">
        {(() => {
          const [before = '', after = ''] = t('admin.wUploads', {
            size: formatNumber(Math.ceil(answer.effective.uploads.maxBytes / 1024)),
            types: answer.effective.uploads.types.join(', '),
          }).split('{link}');
          return (
            <>
              {before}
              <a href={hrefFor({ name: 'plugin', id: 'channels' })}>{t('admin.channelsSettings')}</a>
              {after}
            </>
          );
        })()}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary">
        {t('admin.wSave')}
      </button>
    </form>
  );
}
