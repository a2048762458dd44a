import { useState, type ChangeEvent, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { NotificationPrefs, SessionUser } from '../api/session.js';
import { AvailabilityToggle } from '../app/availability-toggle.js';
import { useServices } from '../app/services-context.js';
import { roleLabel } from '../app/role-label.js';
import { forgetLanguage, isLanguage, LANGUAGES, setLanguage, formatNumber, t as translate, useT, type MessageKey } from '../i18n/i18n.js';
import { fieldMessage } from '../ui/field-error.js';
import { useToasts } from '../ui/toasts.js';
import { Avatar } from './avatar.js';
import { PasswordForm } from './password-form.js';

const MAX_AVATAR_BYTES = 100 * 1024;

const PREFS: { key: keyof NotificationPrefs; label: MessageKey }[] = [
  { key: 'newConversations', label: 'profile.prefNewConversations' },
  { key: 'assignedMessages', label: 'profile.prefAssignedMessages' },
  { key: 'mentions', label: 'profile.prefMentions' },
  { key: 'desktop', label: 'profile.prefDesktop' },
  { key: 'sound', label: 'profile.prefSound' },
];

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error(translate('profile.fileUnreadable')));
    reader.readAsDataURL(file);
  });
}

function IdentityForm({ user }: { user: SessionUser }) {
  const { profile, session } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [name, setName] = useState(user.name);
  const [avatarUrl, setAvatarUrl] = useState<string | null>(user.avatarUrl ?? null);
  const [error, setError] = useState<unknown>();
  const [pickError, setPickError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return setPickError(t('profile.pickImageType'));
    if (file.size > MAX_AVATAR_BYTES) return setPickError(t('profile.pickImageSize', { size: formatNumber(Math.ceil(file.size / 1024)) }));
    setPickError(undefined);
    setAvatarUrl(await readAsDataUrl(file));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      session.updateUser(await profile.update({ name: name.trim(), avatarUrl }));
      setError(undefined);
      toasts.info(t('profile.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const nameError = fieldMessage(error, 'name');
  const avatarError = pickError ?? fieldMessage(error, 'avatarUrl');
  return (
    <form className="card-form" onSubmit={submit} aria-labelledby="identity-title">
      <h2 id="identity-title">{t('profile.identityTitle')}</h2>
      <div className="profile-identity">
        <Avatar name={name || user.email} url={avatarUrl} size={64} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="profile-name">{t('profile.name')}</label>
            <input
              id="profile-name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!nameError}
              aria-describedby="profile-name-err"
            />
            <span id="profile-name-err" className="field-error">
              {nameError}
            </span>
          </div>
          <div className="field">
            <label htmlFor="profile-avatar">{t('profile.picture')}</label>
            <input
              id="profile-avatar"
              type="file"
              accept="image/png,image/jpeg,image/gif,image/webp"
              onChange={(e) => void pick(e)}
              aria-invalid={!!avatarError}
              aria-describedby="profile-avatar-err"
            />
            <span id="profile-avatar-err" className="field-error">
              {avatarError}
            </span>
            {avatarUrl && (
              <button type="button" className="button ghost" onClick={() => setAvatarUrl(null)}>
                {t('profile.removePicture')}
              </button>
            )}
          </div>
        </div>
      </div>
      {error !== undefined && !nameError && !fieldMessage(error, 'avatarUrl') && (
        <p className="form-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('common.saving') : t('profile.saveProfile')}
      </button>
    </form>
  );
}

function NotificationsForm({ user }: { user: SessionUser }) {
  const { profile, session } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [prefs, setPrefs] = useState(user.notificationPrefs);
  const [permission, setPermission] = useState(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  if (!prefs) return null;

  const change = async (key: keyof NotificationPrefs, value: boolean) => {
    // Asked only when the person turns desktop notifications on, never on page load.
    const before = prefs;
    setPrefs({ ...prefs, [key]: value });
    if (key === 'desktop' && value && permission === 'default') setPermission(await Notification.requestPermission());
    try {
      const saved = await profile.update({ notificationPrefs: { [key]: value } });
      setPrefs(saved.notificationPrefs);
      session.updateUser(saved);
    } catch (err) {
      setPrefs(before);
      toasts.error(t('profile.notificationsFailed', { error: describeError(err) }));
    }
  };

  return (
    <fieldset className="card-form">
      <legend>{t('profile.notifications')}</legend>
      <p className="muted">{t('profile.tellMeAbout')}</p>
      {PREFS.map((p) => (
        <div key={p.key} className="checkbox-field">
          <input id={`pref-${p.key}`} type="checkbox" checked={prefs[p.key]} onChange={(e) => void change(p.key, e.target.checked)} />
          <label htmlFor={`pref-${p.key}`}>{t(p.label)}</label>
        </div>
      ))}
      {prefs.desktop && permission === 'denied' && <p className="form-error">{t('profile.notificationsBlocked')}</p>}
    </fieldset>
  );
}

/**
 * The console's language: switched at once, kept in this browser and in the profile (so it follows the
 * agent to another browser). "Browser default" forgets the choice: the browser's languages decide.
 */
function LanguageForm({ user }: { user: SessionUser }) {
  const { profile, session } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [choice, setChoice] = useState(isLanguage(user.language) ? user.language : '');

  const change = async (code: string) => {
    setChoice(code);
    if (code) setLanguage(code, true);
    else forgetLanguage();
    try {
      session.updateUser(await profile.update({ language: code || null }));
    } catch (err) {
      toasts.error(t('profile.languageFailed', { error: describeError(err) }));
    }
  };

  return (
    <div className="card-form">
      <h2 id="language-title">{t('profile.languageTitle')}</h2>
      <div className="field">
        <label htmlFor="profile-language">{t('common.language')}</label>
        <select id="profile-language" value={choice} onChange={(e) => void change(e.target.value)} aria-describedby="profile-language-help">
          <option value="">{t('profile.languageBrowser')}</option>
          {LANGUAGES.map((l) => (
            <option key={l.tag} value={l.tag} lang={l.tag}>
              {l.name}
            </option>
          ))}
        </select>
        <span id="profile-language-help" className="muted">
          {t('profile.languageHelp')}
        </span>
      </div>
    </div>
  );
}

/** My profile: name and picture, availability, language, notification preferences, password. */
export function ProfileView() {
  const { session } = useServices();
  const toasts = useToasts();
  const t = useT();
  const user = session.user;
  if (!user) return null;
  return (
    <section className="page" aria-labelledby="profile-title">
      <h1 id="profile-title">{t('profile.title')}</h1>
      <p className="lead">{t('profile.signedInAs', { email: user.email, role: roleLabel(user.role) })}</p>
      <IdentityForm user={user} />
      <div className="card-form">
        <h2>{t('profile.availability')}</h2>
        <p className="muted">{t('profile.availabilityHelp')}</p>
        <AvailabilityToggle />
      </div>
      <LanguageForm user={user} />
      <NotificationsForm user={user} />
      <PasswordForm session={session} onDone={() => toasts.info(t('profile.passwordChanged'))} />
    </section>
  );
}
