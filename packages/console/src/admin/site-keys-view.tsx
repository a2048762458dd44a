import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { SiteKey } from '../api/admin-api.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { WidgetSettingsForm } from './widget-settings-form.js';

const origins = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);

function embedSnippet(key: string): string {
  return `<script src="${window.location.origin}/widget.js" data-site-key="${key}" async></script>`;
}

function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="notice" role="alert">
      <p>
        <strong>Identity secret (shown once):</strong> give it to your backend to sign visitor identities. It will not be shown again.
      </p>
      <code className="secret-once">{secret}</code>
      <button type="button" className="button ghost" onClick={onDone}>
        I have stored it
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
  const [name, setName] = useState(k.name);
  const [list, setList] = useState(k.allowedOrigins.join('\n'));
  const [identity, setIdentity] = useState(k.identityRequired);
  const [error, setError] = useState<unknown>();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await admin.updateSiteKey(k.id, { name, allowedOrigins: origins(list), identityRequired: identity }));
      setError(undefined);
      toasts.info('Site key saved.');
    } catch (err) {
      setError(err);
    }
  };
  const rotate = async () => {
    if (!window.confirm('Rotate the secrets? Identities signed with the old secret stop verifying.')) return;
    try {
      const out = await admin.rotateSiteKeySecrets(k.id);
      if (out.identitySecret) onSecret(out.identitySecret);
    } catch (err) {
      toasts.error(describeError(err));
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete the site key “${k.name || k.key}”? Widgets using it stop working.`)) return;
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
        {k.name || 'Unnamed site'} <code className="muted">{k.key}</code>
      </h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-origins`}>Allowed origins (one per line)</label>
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
          <input type="checkbox" checked={identity} onChange={(e) => setIdentity(e.target.checked)} /> Require signed visitor identity
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-embed`}>Embed code</label>
        <input id={`${id}-embed`} readOnly value={embedSnippet(k.key)} onFocus={(e) => e.target.select()} className="mono" />
      </div>
      {error !== undefined && !fieldMessage(error, 'allowedOrigins') && (
        <p className="form-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary">
          Save
        </button>
        <button type="button" className="button ghost" onClick={() => void rotate()}>
          Rotate secrets
        </button>
        <button type="button" className="button ghost danger" onClick={() => void remove()}>
          Delete
        </button>
      </div>
    </form>
  );
}

/** Site keys: one per website embedding the widget, with its allowed origins and identity policy. */
export function SiteKeysView() {
  const { admin } = useServices();
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
      <h1 id="sk-title">Site keys and widget</h1>
      <p className="lead">
        Each website that embeds the chat widget gets a site key. The widget only loads on the origins you list. Each site’s widget (title,
        colours, office hours, pre-chat form) has its own settings below, over the workspace defaults of the{' '}
        <a href={hrefFor({ name: 'plugin', id: 'channels' })}>Channels plugin’s settings</a>.
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
        <h2 id="sk-new-title">New site key</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="sk-new-name">Name</label>
            <input id="sk-new-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Marketing site" />
          </div>
          <div className="field">
            <label htmlFor="sk-new-origins">Allowed origins (one per line)</label>
            <textarea
              id="sk-new-origins"
              rows={2}
              value={list}
              onChange={(e) => setList(e.target.value)}
              placeholder="https://www.example.com"
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
          Create site key
        </button>
      </form>
    </section>
  );
}
