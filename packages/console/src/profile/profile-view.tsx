import { useState, type ChangeEvent, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { NotificationPrefs, SessionUser } from '../api/session.js';
import { AvailabilityToggle } from '../app/availability-toggle.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { useToasts } from '../ui/toasts.js';
import { Avatar } from './avatar.js';
import { PasswordForm } from './password-form.js';

const MAX_AVATAR_BYTES = 100 * 1024;

const PREFS: { key: keyof NotificationPrefs; label: string }[] = [
  { key: 'newConversations', label: 'New conversations in my views' },
  { key: 'assignedMessages', label: 'Messages in conversations assigned to me' },
  { key: 'mentions', label: 'Mentions of me in notes' },
  { key: 'desktop', label: 'Show desktop notifications' },
  { key: 'sound', label: 'Play a sound' },
];

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

function IdentityForm({ user }: { user: SessionUser }) {
  const { profile, session } = useServices();
  const toasts = useToasts();
  const [name, setName] = useState(user.name);
  const [avatarUrl, setAvatarUrl] = useState<string | null>(user.avatarUrl ?? null);
  const [error, setError] = useState<unknown>();
  const [pickError, setPickError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return setPickError('Pick a PNG, JPEG, GIF or WebP image.');
    if (file.size > MAX_AVATAR_BYTES) return setPickError(`Pick an image under 100 KB (this one is ${Math.ceil(file.size / 1024)} KB).`);
    setPickError(undefined);
    setAvatarUrl(await readAsDataUrl(file));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      session.updateUser(await profile.update({ name: name.trim(), avatarUrl }));
      setError(undefined);
      toasts.info('Profile saved.');
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
      <h2 id="identity-title">How teammates and customers see you</h2>
      <div className="profile-identity">
        <Avatar name={name || user.email} url={avatarUrl} size={64} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="profile-name">Name</label>
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
            <label htmlFor="profile-avatar">Picture (PNG, JPEG, GIF or WebP, under 100 KB)</label>
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
                Remove picture
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
        {busy ? 'Saving…' : 'Save profile'}
      </button>
    </form>
  );
}

function NotificationsForm({ user }: { user: SessionUser }) {
  const { profile, session } = useServices();
  const toasts = useToasts();
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
      toasts.error(`Could not save your notification settings: ${describeError(err)}`);
    }
  };

  return (
    <fieldset className="card-form">
      <legend>Notifications</legend>
      <p className="muted">Tell me about:</p>
      {PREFS.map((p) => (
        <div key={p.key} className="checkbox-field">
          <input id={`pref-${p.key}`} type="checkbox" checked={prefs[p.key]} onChange={(e) => void change(p.key, e.target.checked)} />
          <label htmlFor={`pref-${p.key}`}>{p.label}</label>
        </div>
      ))}
      {prefs.desktop && permission === 'denied' && (
        <p className="form-error">Your browser blocks notifications from Bacon: allow them in the site settings to see them.</p>
      )}
    </fieldset>
  );
}

/** My profile: name and picture, availability, notification preferences, password. */
export function ProfileView() {
  const { session } = useServices();
  const toasts = useToasts();
  const user = session.user;
  if (!user) return null;
  return (
    <section className="page" aria-labelledby="profile-title">
      <h1 id="profile-title">My profile</h1>
      <p className="lead">
        Signed in as {user.email} ({user.role}).
      </p>
      <IdentityForm user={user} />
      <div className="card-form">
        <h2>Availability</h2>
        <p className="muted">While you are away, round-robin and auto-assignment give you no new conversations.</p>
        <AvailabilityToggle />
      </div>
      <NotificationsForm user={user} />
      <PasswordForm session={session} onDone={() => toasts.info('Password changed. Your other sessions are signed out.')} />
    </section>
  );
}
