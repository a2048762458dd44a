import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { Session } from '../api/session.js';
import { useT } from '../i18n/i18n.js';

/** Email and password; the refresh token lands in an httpOnly cookie, the access token stays in memory. */
/** The product's name: a brand, the same in every language. */
const BRAND = 'Bacon';

export function LoginView({ session }: { session: Session }) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => emailRef.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.login(email.trim(), password);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">{BRAND.charAt(0)}</span> {BRAND}
        </div>
        <h1 id="login-title">{t('login.title')}</h1>
        <label htmlFor="login-email">{t('login.email')}</label>
        <input
          id="login-email"
          ref={emailRef}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.signIn')}
        </button>
      </form>
    </main>
  );
}
