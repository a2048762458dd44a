import type { NotificationPrefs } from '@bacon/sdk';
import { errorFromBody, networkError } from './api-error.js';
import { t } from '../i18n/i18n.js';

export type Role = 'admin' | 'agent';

export type { NotificationPrefs };

export interface SessionUser {
  id: string;
  tenantId?: string;
  email: string;
  name: string;
  role: Role;
  avatarUrl?: string | null;
  notificationPrefs?: NotificationPrefs;
  /** The console language the person chose in My profile (a BCP 47-like tag); null: their browser's. */
  language?: string | null;
  /** A generated or reset password: the console asks for a new one before anything else. */
  mustChangePassword?: boolean;
}

type Listener = (user: SessionUser | undefined) => void;

const CSRF_KEY = 'bacon.csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/** Reads the login/refresh answer whatever its exact casing. */
function readTokens(body: Record<string, unknown>): { token?: string; user?: SessionUser; csrf?: string } {
  const token = (body.accessToken ?? body.access_token ?? body.token) as string | undefined;
  const user = body.user as SessionUser | undefined;
  const csrf = (body.csrfToken ?? body.csrf_token ?? body.csrf) as string | undefined;
  return { token, user, csrf };
}

/** The double-submit token: the one the server handed us, else the readable cookie it set. */
function csrfFromCookie(): string | undefined {
  const pair = document.cookie.split(/;\s*/).find((c) => /^[^=]*csrf[^=]*=/i.test(c));
  return pair ? decodeURIComponent(pair.slice(pair.indexOf('=') + 1)) : undefined;
}

/**
 * The signed-in agent: a short-lived access token kept in memory only, renewed through the
 * httpOnly refresh cookie. Concurrent renewals share one request (a rotating refresh token may be
 * spent only once: a second parallel refresh would look like reuse and revoke the whole family).
 */
export class Session {
  private token: string | undefined;
  private current: SessionUser | undefined;
  private csrf: string | undefined = sessionStorage.getItem(CSRF_KEY) ?? undefined;
  private inFlight: Promise<boolean> | undefined;
  private listeners = new Set<Listener>();

  constructor(private readonly base = '/api/v1') {}

  get accessToken(): string | undefined {
    return this.token;
  }

  get user(): SessionUser | undefined {
    return this.current;
  }

  onChange(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private set(token: string | undefined, user: SessionUser | undefined, csrf?: string): void {
    this.token = token;
    if (user || !token) this.current = user;
    if (csrf) {
      this.csrf = csrf;
      sessionStorage.setItem(CSRF_KEY, csrf);
    }
    if (!token) {
      this.csrf = undefined;
      sessionStorage.removeItem(CSRF_KEY);
    }
    for (const fn of this.listeners) fn(this.current);
  }

  private async post(path: string, body: unknown, withCsrf: boolean): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const csrf = csrfFromCookie() ?? this.csrf;
    if (withCsrf && csrf) headers[CSRF_HEADER] = csrf;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method: 'POST', headers, body: JSON.stringify(body ?? {}), credentials: 'same-origin' });
    } catch (err) {
      throw networkError(err);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) throw errorFromBody(res.status, json);
    return json;
  }

  async login(email: string, password: string): Promise<SessionUser> {
    const out = readTokens(await this.post('/auth/login', { email, password }, false));
    if (!out.token) throw new Error(t('api.noToken'));
    this.set(out.token, out.user ?? (await this.fetchMe(out.token)), out.csrf);
    return this.current!;
  }

  private async fetchMe(token: string): Promise<SessionUser | undefined> {
    const res = await fetch(`${this.base}/auth/me`, { headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    if (!res?.ok) return undefined;
    const body = (await res.json()) as { user?: SessionUser } & SessionUser;
    return body.user ?? body;
  }

  /**
   * Renews the access token from the refresh cookie. Resolves false when the session is over
   * (then listeners hear `undefined`); throws when the server could not be reached.
   */
  refresh(): Promise<boolean> {
    this.inFlight ??= (async () => {
      const startedWith = this.token;
      try {
        const out = readTokens(await this.post('/auth/refresh', {}, true));
        if (!out.token) return false;
        this.set(out.token, out.user ?? this.current ?? (await this.fetchMe(out.token)), out.csrf);
        return true;
      } catch (err) {
        if ((err as { status?: number }).status === 0) throw err;
        // A login that finished meanwhile owns the session now; only end the one we tried to renew.
        if (this.token === startedWith) this.set(undefined, undefined);
        return this.token !== startedWith;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  /** The profile changed (name, avatar, preferences): everyone showing the user hears it. */
  updateUser(user: SessionUser): void {
    if (this.current && user.id === this.current.id) this.set(this.token, user);
  }

  /**
   * Changes the password (the current one is required). The server ends every other session and
   * answers fresh tokens for this one, which the session adopts.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<SessionUser> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}/auth/me/password`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ currentPassword, newPassword }),
        credentials: 'same-origin',
      });
    } catch (err) {
      throw networkError(err);
    }
    const text = await res.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) throw errorFromBody(res.status, json);
    const out = readTokens(json);
    this.set(out.token, out.user ?? this.current, out.csrf);
    return this.current!;
  }

  async logout(): Promise<void> {
    try {
      await this.post('/auth/logout', {}, true);
    } catch {
      // The local session ends whatever the server says.
    }
    this.set(undefined, undefined);
  }
}
