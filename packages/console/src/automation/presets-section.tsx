import { useState } from 'react';
import { describeError } from '../api/api-error.js';
import type { AutomationApi, PresetView, RuleView } from '../api/automation-api.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { useT } from '../i18n/i18n.js';

/** One preset: its values (defaults filled in) and an install button. */
function PresetCard({ api, preset, onInstalled }: { api: AutomationApi; preset: PresetView; onInstalled(r: RuleView): void }) {
  const toasts = useToasts();
  const t = useT();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(preset.params.properties).map(([k, s]) => [k, String(s.default ?? '')])),
  );
  const [error, setError] = useState<string>();
  const install = async () => {
    const params = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, preset.params.properties[k]?.type === 'number' ? Number(v) : v]),
    );
    try {
      const rule = await api.installPreset(preset.id, { params });
      setError(undefined);
      toasts.info(t('automation.installedRule', { name: rule.name }));
      onInstalled(rule);
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <li className="preset" aria-labelledby={`preset-${preset.id}`}>
      <h3 id={`preset-${preset.id}`}>{preset.title}</h3>
      <p>{preset.description}</p>
      {Object.entries(preset.params.properties).map(([k, s]) => (
        <div className="field" key={k}>
          <label htmlFor={`preset-${preset.id}-${k}`}>{s.title}</label>
          <input
            id={`preset-${preset.id}-${k}`}
            type={s.type === 'number' ? 'number' : 'text'}
            value={values[k] ?? ''}
            onChange={(e) => setValues({ ...values, [k]: e.target.value })}
          />
        </div>
      ))}
      {preset.available ? (
        <button type="button" className="button" onClick={() => void install()}>
          {t('automation.install', { title: preset.title })}
        </button>
      ) : (
        <p className="muted">{t('automation.missingActions', { actions: preset.missingActions.join(', ') })}</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The ready-made rules an admin installs with a click (docs/automation.md, "Presets"). */
export function PresetsSection({ api, onInstalled }: { api: AutomationApi; onInstalled(r: RuleView): void }) {
  const t = useT();
  const presets = useLoad(() => api.listPresets(), [api]);
  return (
    <section aria-labelledby="presets-title">
      <h2 id="presets-title">{t('automation.presets')}</h2>
      {presets.error && <p role="alert">{presets.error}</p>}
      <ul className="plain-list preset-list">
        {presets.data?.map((p) => (
          <PresetCard key={p.id} api={api} preset={p} onInstalled={onInstalled} />
        ))}
      </ul>
    </section>
  );
}
