import type { TestHost } from '../../src/testing/index.js';

export interface Session {
  status: number;
  body: { accessToken?: string; csrfToken?: string; refreshToken?: string; error?: { code: string; details?: { reason?: string } } };
  /** Cookies set by the answer, by name. */
  cookies: Record<string, string>;
  retryAfter: string | null;
  setCookie: string[];
}

export async function asSession(res: Response): Promise<Session> {
  const setCookie = res.headers.getSetCookie();
  const cookies: Record<string, string> = {};
  for (const c of setCookie) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    cookies[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, cookies, retryAfter: res.headers.get('retry-after'), setCookie };
}

export async function login(host: TestHost, email: string, password: string, extra: Record<string, unknown> = {}): Promise<Session> {
  return asSession(
    await fetch(`${host.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, ...extra }),
    }),
  );
}

/** Posts to refresh or logout the way the console does: refresh cookie + CSRF cookie + X-CSRF-Token. */
export async function withCookies(
  host: TestHost,
  what: 'refresh' | 'logout',
  s: { refresh: string; csrf: string },
  csrfHeader = s.csrf,
): Promise<Session> {
  return asSession(
    await fetch(`${host.url}/api/v1/auth/${what}`, {
      method: 'POST',
      headers: { cookie: `bacon_refresh=${s.refresh}; bacon_csrf=${s.csrf}`, 'x-csrf-token': csrfHeader },
    }),
  );
}

export const cookiesOf = (s: Session) => ({ refresh: s.cookies.bacon_refresh!, csrf: s.cookies.bacon_csrf! });

export async function me(host: TestHost, token: string): Promise<number> {
  const r = await fetch(`${host.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  await r.arrayBuffer();
  return r.status;
}
