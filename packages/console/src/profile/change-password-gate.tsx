import type { Session, SessionUser } from '../api/session.js';
import { PasswordForm } from './password-form.js';

/**
 * Shown instead of the console while the account still has a generated or admin-reset password:
 * the person chooses their own before anything else.
 */
export function ChangePasswordGate({ session, user }: { session: Session; user: SessionUser }) {
  return (
    <main className="login">
      <div className="login-card">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">B</span> Bacon
        </div>
        <h1>Choose your password</h1>
        <p>{user.email} signed in with a temporary password. Choose your own to continue: the temporary one stops working.</p>
        <PasswordForm session={session} submitLabel="Save and continue" />
        <button type="button" className="button ghost" onClick={() => void session.logout()}>
          Sign out
        </button>
      </div>
    </main>
  );
}
