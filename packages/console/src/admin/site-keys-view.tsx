import { useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../api/api-error.js';
import type { SiteKey } from '../api/admin-api.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { useT } from '../i18n/i18n.js';
import { WidgetSettingsForm } from './widget-settings-form.js';

const origins = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);

/** A translated sentence whose `{link}` is the given element. */
function withLink(text: string, link: ReactNode): ReactNode {
  const [before = '', after = ''] = text.split('{link}');
  return (
    <>
      {before}
      {link}
      {after}
    </>
  );
}

/** An origin as written in the list (not translated). */
const ORIGIN_EXAMPLE = 'https://www.example.com';

function embedSnippet(key: string): string {
  return `<script src="${window.location.origin}/widget.js" data-site-key="${key}" async></script>`;
}

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const t = useT();
  return (
    <div className="notice" role="alert">
      <p>
        <strong>{t('admin.secretOnceTitle')}</strong> {t('admin.secretOnceText')}
      </p>
      <code className="secret-once">{secret}</code>
      <button type="button" className="button ghost" onClick={onDone}>
        {t('admin.storedIt')}
      </button>
    </div>
  );
}

function SiteKeyRow({
  k,
  onSaved,
  onDeleted,
  onSecret,
}: {
  k: SiteKey;
  onSaved: (k: SiteKey) => void;
  onDeleted: () => void;
  onSecret: (s: string) => void;
}) {
  const { admin } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [name, setName] = useState(k.name);
  const [list, setList] = useState(k.allowedOrigins.join('\n'));
  const [identity, setIdentity] = useState(k.identityRequired);
  const [error, setError] = useState<unknown>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await admin.updateSiteKey(k.id, { name, allowedOrigins: origins(list), identityRequired: identity }));
      setError(undefined);
      toasts.info(t('admin.siteKeySaved'));
    } catch (err) {
      setError(err);
    }
  };
  const rotate = async () => {
    if (!window.confirm(t('admin.confirmRotate'))) return;
    try {
      const out = await admin.rotateSiteKeySecrets(k.id);
      if (out.identitySecret) onSecret(out.identitySecret);
    } catch (err) {
      toasts.error(describeError(err));
    }
  };
  const remove = async () => {
    if (!window.confirm(t('admin.confirmDeleteSiteKey', { name: k.name || k.key }))) return;
    try {
      await admin.deleteSiteKey(k.id);
      onDeleted();
    } catch (err) {
      toasts.error(describeError(err));
    }
  };
  const id = `sk-${k.id}`;
  return (
    <form className="card-form" onSubmit={save} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {k.name || t('admin.unnamedSite')} <code className="muted">{k.key}</code>
      </h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-origins`}>{t('admin.allowedOrigins')}</label>
          <textarea
            id={`${id}-origins`}
            rows={3}
            value={list}
            onChange={(e) => setList(e.target.value)}
            aria-invalid={!!fieldMessage(error, 'allowedOrigins')}
          />
          <span className="field-error">{fieldMessage(error, 'allowedOrigins')}</span>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={identity} onChange={(e) => setIdentity(e.target.checked)} /> {t('admin.requireIdentity')}
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-embed`}>{t('admin.embedCode')}</label>
        <input id={`${id}-embed`} readOnly value={embedSnippet(k.key)} onFocus={(e) => e.target.select()} className="mono" />
      </div>
      {error !== undefined && !fieldMessage(error, 'allowedOrigins') && (
        <p className="form-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary">
          {t('common.save')}
        </button>
        <button type="button" className="button ghost" onClick={() => void rotate()}>
          {t('admin.rotateSecrets')}
        </button>
        <button type="button" className="button ghost danger" onClick={() => void remove()}>
          {t('common.delete')}
        </button>
      </div>
    </form>
  );
}

/** Site keys: one per website embedding the widget, with its allowed origins and identity policy. */
export function SiteKeysView() {
  const { admin } = useServices();
  const t = useT();
  const keys = useLoad(() => admin.listSiteKeys(), [admin]);
  const [secret, setSecret] = useState<string>();
  const [name, setName] = useState('');
  const [list, setList] = useState('');
  const [error, setError] = useState<unknown>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const k = await admin.createSiteKey({ name, allowedOrigins: origins(list), identityRequired: false });
      keys.set((all) => [...(all ?? []), { ...k, identitySecret: undefined }]);
      if (k.identitySecret) setSecret(k.identitySecret);
      setName('');
      setList('');
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="page" aria-labelledby="sk-title">
      <h1 id="sk-title">{t('admin.siteKeysTitle')}</h1>
      <p className="lead">
        {withLink(t('admin.siteKeysLead'), <a href={hrefFor({ name: 'plugin', id: 'channels' })}>{t('admin.channelsSettings')}</a>)}
      </p>
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(undefined)} />}
      {keys.error && (
        <p className="form-error" role="alert">
          {keys.error}
        </p>
      )}
      {keys.data?.map((k) => (
        <SiteKeyRow
          key={k.id}
          k={k}
          onSaved={(s) => keys.set((all) => all?.map((x) => (x.id === s.id ? s : x)))}
          onDeleted={() => keys.set((all) => all?.filter((x) => x.id !== k.id))}
          onSecret={setSecret}
        />
      ))}
      {keys.data?.map((k) => (
        <WidgetSettingsForm key={`w-${k.id}`} siteKey={k.key} siteName={k.name} />
      ))}
      <form className="card-form" onSubmit={create} aria-labelledby="sk-new-title">
        <h2 id="sk-new-title">{t('admin.newSiteKey')}</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="sk-new-name">{t('admin.name')}</label>
            <input id="sk-new-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('admin.siteNamePlaceholder')} />
          </div>
          <div className="field">
            <label htmlFor="sk-new-origins">{t('admin.allowedOrigins')}</label>
            <textarea
              id="sk-new-origins"
              rows={2}
              value={list}
              onChange={(e) => setList(e.target.value)}
              placeholder={ORIGIN_EXAMPLE}
              aria-invalid={!!fieldMessage(error, 'allowedOrigins')}
            />
            <span className="field-error">{fieldMessage(error, 'allowedOrigins')}</span>
          </div>
        </div>
        {error !== undefined && !fieldMessage(error, 'allowedOrigins') && (
          <p className="form-error" role="alert">
            {describeError(error)}
          </p>
        )}
        <button type="submit" className="button primary">
          {t('admin.createSiteKey')}
        </button>
      </form>
    </section>
  );
}
