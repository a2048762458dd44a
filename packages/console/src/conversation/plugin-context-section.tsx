import { useEffect, useMemo, useState } from 'react';
import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import { useServices } from '../app/services-context.js';
import { useToasts } from '../ui/toasts.js';
import { t as translate, useT } from '../i18n/i18n.js';
import { settingsValidator } from '../plugins/settings-validator.js';
import { conversationPluginsApi, type OfferedPluginAction, type PluginContextResult } from '../api/conversation-plugins-api.js';
import { translateFormString } from '../plugins/form-strings.js';

/** A plugin's answer as a compact list: scalars as text, links as links, nested values indented. */
function Data({ value }: { value: unknown }) {
  const t = useT();
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === 'string' && /^https:\/\//.test(value))
    return (
      <a href={value} target="_blank" rel="noreferrer">
        {t('conversation.open')}
      </a>
    );
  if (typeof value !== 'object') return <>{String(value)}</>;
  if (Array.isArray(value))
    return value.length ? (
      <ul className="plain">
        {value.map((v, i) => (
          <li key={i}>
            <Data value={v} />
          </li>
        ))}
      </ul>
    ) : (
      <span className="muted">{t('conversation.none')}</span>
    );
  return (
    <dl className="kv">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <Data value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function statusText(status: PluginContextResult['status']): string {
  if (status === 'ok') return '';
  const keys = {
    timeout: 'conversation.timedOut',
    breaker_open: 'conversation.paused',
    too_large: 'conversation.tooMuchData',
    failed: 'conversation.failed',
  } as const;
  return translate(keys[status]);
}

/** One plugin action: a button that opens its input form (RJSF, prefilled), runs it, and says where the note went. */
function PluginActionButton({ conversationId, action }: { conversationId: string; action: OfferedPluginAction }) {
  const { api } = useServices();
  const toasts = useToasts();
  const t = useT();
  const calls = useMemo(() => conversationPluginsApi(api), [api]);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (input: unknown) => {
    setBusy(true);
    try {
      await calls.run(conversationId, action, input);
      toasts.info(t('conversation.actionDone', { label: action.label }));
      setOpen(false);
    } catch (e) {
      toasts.error(`${action.label}: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="plugin-action">
      <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {action.label}
      </button>
      {open && (
        <div className="plugin-action-form" aria-label={`${action.pluginTitle}: ${action.label}`}>
          <Form
            schema={action.input as RJSFSchema}
            formData={action.prefill}
            validator={settingsValidator}
            translateString={translateFormString}
            disabled={busy}
            onSubmit={({ formData }) => void submit(formData)}
          >
            <button type="submit" disabled={busy}>
              {busy ? t('conversation.running') : action.label}
            </button>
          </Form>
        </div>
      )}
    </div>
  );
}

/**
 * The "Plugins" part of the contact panel: each enabled plugin's context for this contact (Shopify
 * orders, HubSpot properties), one block per plugin, a failed or slow one reduced to its one-line
 * reason; and the buttons of the actions plugins offer in the conversation.
 */
export function PluginContextSection({ conversationId }: { conversationId: string }) {
  const { api } = useServices();
  const t = useT();
  const calls = useMemo(() => conversationPluginsApi(api), [api]);
  const [results, setResults] = useState<PluginContextResult[]>();
  const [actions, setActions] = useState<OfferedPluginAction[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    setResults(undefined);
    setError(undefined);
    // Context and actions load side by side; neither waits for the other.
    calls.context(conversationId).then(
      (r) => live && setResults(r),
      (e: Error) => live && setError(e.message),
    );
    calls.actions(conversationId).then(
      (a) => live && setActions(a),
      () => live && setActions([]),
    );
    return () => {
      live = false;
    };
  }, [calls, conversationId]);
  // An enricher that answered null has nothing to say about this contact: no block.
  const shown = results?.filter((r) => !(r.status === 'ok' && r.data == null));
  if (shown?.length === 0 && actions.length === 0 && !error) return null;
  return (
    <section aria-label={t('conversation.plugins')} className="plugin-context-section">
      <h3>{t('conversation.plugins')}</h3>
      {error && <p className="form-error">{error}</p>}
      {!results && !error && <p className="muted">{t('conversation.askingPlugins')}</p>}
      {shown?.map((r) => (
        <section key={`${r.pluginId}:${r.enricher}`} className="plugin-context" data-status={r.status} aria-label={r.title}>
          <h4>{r.title}</h4>
          {r.status === 'ok' ? (
            <Data value={r.data} />
          ) : (
            <p className="muted plugin-context-reason">
              {statusText(r.status)}: {r.reason}
            </p>
          )}
        </section>
      ))}
      {actions.length > 0 && (
        <div className="plugin-actions" aria-label={t('conversation.pluginActions')}>
          {actions.map((a) => (
            <PluginActionButton key={`${a.pluginId}:${a.action}`} conversationId={conversationId} action={a} />
          ))}
        </div>
      )}
    </section>
  );
}
