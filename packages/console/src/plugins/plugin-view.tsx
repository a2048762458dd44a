import { useEffect, useState } from 'react';
import { ApiError, describeError, type FieldError } from '../api/api-error.js';
import type { PluginSettings, PluginSummary, TestResult } from '../api/plugins-api.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { useToasts } from '../ui/toasts.js';
import { useT } from '../i18n/i18n.js';
import { PluginSettingsForm } from './plugin-settings-form.js';
import { BreakerChips, HealthChip } from './plugin-status.js';
import { ResidencyOverride } from './residency-override.js';

function Capabilities({
  p,
  grants,
  setGrants,
  disabled,
}: {
  p: PluginSummary;
  grants: string[];
  setGrants: (g: string[]) => void;
  disabled: boolean;
}) {
  const t = useT();
  if (!p.capabilities?.length) return <p className="muted">{t('plugins.noCapabilities')}</p>;
  return (
    <fieldset className="capabilities" disabled={disabled}>
      <legend>{t('plugins.capabilitiesToGrant')}</legend>
      {p.capabilities.map((c) => (
        <label key={c.name} className="checkbox">
          <input
            type="checkbox"
            checked={grants.includes(c.name)}
            onChange={(e) => setGrants(e.target.checked ? [...grants, c.name] : grants.filter((g) => g !== c.name))}
          />
          <span>
            <strong className="mono">{c.name}</strong>
            {c.hosts?.length ? <span className="muted"> ({c.hosts.join(', ')})</span> : null}
            {c.reason && <span className="small muted"> · {c.reason}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** One plugin: enable/disable for this workspace with capability grants, status, settings form, test connection. */
export function PluginView({ id }: { id: string }) {
  const { plugins } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [p, setP] = useState<PluginSummary>();
  const [settings, setSettings] = useState<PluginSettings>();
  const [error, setError] = useState<string>();
  const [grants, setGrants] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [formMessage, setFormMessage] = useState<string>();
  const [formKey, setFormKey] = useState(0);
  const [test, setTest] = useState<TestResult & { running?: boolean }>();
  // Regions outside the EU that stopped the last enable on an EU-only workspace.
  const [blockedRegions, setBlockedRegions] = useState<string[]>();

  useEffect(() => {
    plugins.get(id).then(
      (x) => {
        setP(x);
        setGrants(x.enabled ? x.grants : x.grants.length ? x.grants : x.capabilities.map((c) => c.name));
      },
      (e) => setError(describeError(e)),
    );
    plugins.settings(id).then(setSettings, () => setSettings(undefined));
  }, [plugins, id]);

  const toggle = async (residencyOverride?: { reason: string }) => {
    if (!p) return;
    const before = p;
    setBusy(true);
    setP({ ...p, enabled: !p.enabled, grants });
    try {
      if (before.enabled) await plugins.disable(id);
      else await plugins.enable(id, grants, residencyOverride);
      setBlockedRegions(undefined);
      setP(await plugins.get(id));
    } catch (err) {
      setP(before);
      if (err instanceof ApiError && err.code === 'plugin_egress_outside_eu')
        setBlockedRegions(Array.isArray(err.details?.regions) ? (err.details.regions as string[]) : ['unknown']);
      toasts.error(
        t(before.enabled ? 'plugins.disableFailed' : 'plugins.enableFailed', { plugin: before.title ?? id, error: describeError(err) }),
      );
    } finally {
      setBusy(false);
    }
  };

  const save = async (patch: Record<string, unknown>) => {
    try {
      const saved = await plugins.saveSettings(id, patch);
      setSettings(saved);
      setFieldErrors([]);
      setFormMessage(undefined);
      setFormKey((k) => k + 1);
      toasts.info(t('plugins.settingsSaved'));
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors : [];
      setFieldErrors(fields);
      setFormMessage(fields.length ? undefined : describeError(err));
    }
  };

  const runTest = async () => {
    setTest({ ok: false, running: true });
    try {
      setTest(await plugins.testConnection(id));
    } catch (err) {
      setTest({ ok: false, detail: describeError(err) });
    }
  };

  if (error)
    return (
      <section className="page">
        <h1>{t('plugins.unavailable')}</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
      </section>
    );
  if (!p)
    return (
      <p className="page" role="status">
        {t('plugins.loading')}
      </p>
    );

  return (
    <section className="page" aria-labelledby="plugin-title">
      <p>
        <a href={hrefFor({ name: 'plugins' })}>{t('plugins.allPlugins')}</a>
      </p>
      <h1 id="plugin-title">
        {p.title ?? p.id} <span className="muted mono small">{p.version}</span>
      </h1>
      {p.description && <p className="lead">{p.description}</p>}
      <div className="status-row">
        <span>{p.tier === 'trusted' ? t('plugins.inProcessFirstParty') : t('plugins.sandboxed')}</span>
        <HealthChip p={p} />
        <BreakerChips p={p} />
        {p.detail && <span className="muted small">{p.detail}</span>}
      </div>
      <section className="card-form" aria-labelledby="enable-title">
        <h2 id="enable-title">{t('plugins.inWorkspace')}</h2>
        {p.tier === 'trusted' ? (
          <p className="muted">{t('plugins.firstPartyAlwaysOn')}</p>
        ) : (
          <>
            <Capabilities p={p} grants={grants} setGrants={setGrants} disabled={busy || p.enabled} />
            <div className="row">
              <button
                type="button"
                className={`button ${p.enabled ? 'ghost danger' : 'primary'}`}
                onClick={() => void toggle()}
                disabled={busy}
                aria-pressed={p.enabled}
              >
                {p.enabled ? t('plugins.disable') : t('plugins.enableWithGrants')}
              </button>
              <span className="muted small">{p.enabled ? t('plugins.changeGrants') : t('plugins.untickedDenied')}</span>
            </div>
            {blockedRegions && !p.enabled && (
              <ResidencyOverride regions={blockedRegions} busy={busy} onOverride={(reason) => void toggle({ reason })} />
            )}
          </>
        )}
      </section>
      <section className="card-form" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('plugins.settings')}</h2>
        {settings?.schema ? (
          <PluginSettingsForm
            key={formKey}
            pluginId={p.id}
            schema={settings.schema}
            uiSchema={settings.uiSchema}
            defaults={settings.defaults}
            overrides={settings.overrides}
            secrets={settings.secrets}
            onSave={save}
            serverErrors={fieldErrors}
            serverMessage={formMessage}
          />
        ) : (
          <p className="muted">{t('plugins.noSettings')}</p>
        )}
        <div className="row test-connection">
          <button type="button" className="button" onClick={() => void runTest()} disabled={test?.running}>
            {t('plugins.testConnection')}
          </button>
          <span role="status" aria-live="polite" data-test-result={test && !test.running ? (test.ok ? 'ok' : 'failed') : undefined}>
            {test?.running
              ? t('plugins.testing')
              : test
                ? test.ok
                  ? test.detail
                    ? t('plugins.connectedDetail', { detail: test.detail })
                    : t('plugins.connected')
                  : test.detail
                    ? t('plugins.testFailedDetail', { detail: test.detail })
                    : t('plugins.testFailed')
                : ''}
          </span>
        </div>
      </section>
    </section>
  );
}
