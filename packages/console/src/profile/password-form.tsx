import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { Session } from '../api/session.js';
import { useT } from '../i18n/i18n.js';
import { fieldMessage } from '../ui/field-error.js';

/**
 * Current password, new one twice. The server checks the current one and ends every other session;
 * this one continues. `onDone` runs after the session adopted its new tokens.
 */
export function PasswordForm({ session, onDone, submitLabel }: { session: Session; onDone?: () => void; submitLabel?: string }) {
  const t = useT();
  const [form, setForm] = useState({ current: '', next: '', again: '' });
  const [error, setError] = useState<unknown>();
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (form.next !== form.again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    try {
      await session.changePassword(form.current, form.next);
      setForm({ current: '', next: '', again: '' });
      setError(undefined);
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const currentError = fieldMessage(error, 'currentPassword');
  const nextError = fieldMessage(error, 'newPassword');
  const field = (name: keyof typeof form, label: string, message: string | undefined, autoComplete: string) => (
    <div className="field">
      <label htmlFor={`password-${name}`}>{label}</label>
      <input
        id={`password-${name}`}
        type="password"
        required
        minLength={name === 'current' ? 1 : 10}
        autoComplete={autoComplete}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={!!message}
        aria-describedby={`password-${name}-err`}
      />
      <span id={`password-${name}-err`} className="field-error">
        {message}
      </span>
    </div>
  );

  return (
    <form className="card-form" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">{t('profile.password')}</h2>
      <div className="form-grid">
        {field('current', t('profile.currentPassword'), currentError, 'current-password')}
        {field('next', t('profile.newPassword'), nextError, 'new-password')}
        {field('again', t('profile.newPasswordAgain'), mismatch ? t('profile.passwordsDiffer') : undefined, 'new-password')}
      </div>
      {error !== undefined && !currentError && !nextError && (
        <p className="form-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <p className="muted">{t('profile.passwordSignsOut')}</p>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('common.saving') : (submitLabel ?? t('profile.changePassword'))}
      </button>
    </form>
  );
}
