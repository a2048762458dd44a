import type { Session, SessionUser } from '../api/session.js';
import { useT } from '../i18n/i18n.js';
import { PasswordForm } from './password-form.js';

/**
 * Shown instead of the console while the account still has a generated or admin-reset password:
 * the person chooses their own before anything else.
 */
export function ChangePasswordGate({ session, user }: { session: Session; user: SessionUser }) {
  const t = useT();
  return (
    <main className="login">
      <div className="login-card">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">{t('app.brandMark')}</span> {t('app.brand')}
        </div>
        <h1>{t('profile.choosePassword')}</h1>
        <p>{t('profile.temporaryPassword', { email: user.email })}</p>
        <PasswordForm session={session} submitLabel={t('profile.saveAndContinue')} />
        <button type="button" className="button ghost" onClick={() => void session.logout()}>
          {t('app.signOut')}
        </button>
      </div>
    </main>
  );
}
