import { defineErrors } from '@bacon/sdk';

/** The kernel's authentication and user-management refusals. */
export const AuthErrors = defineErrors('auth', {
  invalidCredentials: { code: 'invalid_credentials', status: 401, message: 'Wrong email or password.' },
  invalidRefreshToken: { code: 'invalid_refresh_token', status: 401, message: 'The refresh token is invalid or expired.' },
  refreshTokenReused: {
    code: 'refresh_token_reused',
    status: 401,
    message: 'This refresh token was already used; every session of this login is now revoked.',
  },
  refreshTokenRevoked: {
    code: 'refresh_token_revoked',
    status: 401,
    message: 'This session was ended (signed out or revoked); sign in again.',
  },
  csrfFailed: {
    code: 'csrf_failed',
    status: 403,
    message: 'The CSRF token is missing or does not match: send the bacon_csrf cookie value in X-CSRF-Token.',
  },
  identityRequired: { code: 'identity_required', status: 401, message: 'This site requires a verified visitor identity.' },
  lastAdmin: { code: 'last_admin', status: 409, message: 'A tenant needs at least one active admin.' },
  emailTaken: { code: 'email_taken', status: 409, message: 'A user with this email already exists.' },
  currentPasswordIncorrect: { code: 'current_password_incorrect', status: 400, message: 'The current password is not correct.' },
  passwordUnchanged: { code: 'password_unchanged', status: 400, message: 'The new password must differ from the current one.' },
});
