import type { Appearance, Identity, PublicMessage } from './types.js';

export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The signed config's public half: `base64url(json)`, checked here for the site and expiry (the host checks the signature). */
export function readSignedConfig(
  signed: string,
  siteKey: string,
  now = Date.now(),
): { sk: string; exp: number; identityRequired: boolean } {
  const [body, sig, extra] = signed.split('.');
  if (!body || !sig || extra !== undefined) throw new WidgetApiError(0, 'invalid_widget_config', 'Malformed widget config.');
  const json = atob(body.replace(/-/g, '+').replace(/_/g, '/'));
  const config = JSON.parse(json) as { sk: string; exp: number; identityRequired: boolean };
  if (config.sk !== siteKey) throw new WidgetApiError(0, 'invalid_widget_config', 'The widget config is for another site.');
  if (config.exp * 1000 <= now) throw new WidgetApiError(0, 'invalid_widget_config', 'The widget config has expired.');
  return config;
}

/** The host's `/widget/v1` API. */
export class WidgetApi {
  token = '';

  constructor(
    readonly base: string,
    readonly siteKey: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${this.base}/widget/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!res.ok) throw new WidgetApiError(res.status, data.error?.code ?? 'http_error', data.error?.message ?? `HTTP ${res.status}`);
    return data as T;
  }

  /** Fetches the signed config and opens a visitor session with it (and the signed identity, if any). */
  async openSession(identity?: Identity): Promise<{ token: string; visitorId: string; expiresAt: string }> {
    const { signed } = await this.call<{ signed: string }>('GET', `/config?siteKey=${encodeURIComponent(this.siteKey)}`);
    readSignedConfig(signed, this.siteKey);
    const s = await this.call<{ token: string; visitorId: string; expiresAt: string }>('POST', '/session', {
      siteKey: this.siteKey,
      config: signed,
      ...(identity ? { identity: { userId: identity.userId, hash: identity.hash } } : {}),
    });
    this.token = s.token;
    return s;
  }

  appearance(): Promise<Appearance> {
    return this.call('GET', '/appearance');
  }

  conversations(): Promise<{ conversations: { id: string; state: string; lastSeq: number }[] }> {
    return this.call('GET', '/conversations');
  }

  start(body: Record<string, unknown>): Promise<{ conversation: { id: string; state: string }; message: PublicMessage }> {
    return this.call('POST', '/conversations', body);
  }

  send(conversationId: string, body: Record<string, unknown>): Promise<{ message: PublicMessage }> {
    return this.call('POST', `/conversations/${conversationId}/messages`, body);
  }

  /** An agent's name and avatar (their profile). */
  agent(id: string): Promise<{ name: string | null; avatarUrl: string | null }> {
    return this.call('GET', `/agents/${id}`);
  }

  messages(
    conversationId: string,
    afterSeq: number,
  ): Promise<{ messages: PublicMessage[]; more: boolean; state?: string; receipts?: { deliveredSeq: number; seenSeq: number } }> {
    return this.call('GET', `/conversations/${conversationId}/messages?afterSeq=${afterSeq}`);
  }

  /** Uploads a file (base64): its id goes in the next message's `attachmentIds`. */
  upload(body: { name: string; contentType: string; data: string }): Promise<{ id: string }> {
    return this.call('POST', '/attachments', body);
  }

  /** An attachment's bytes, by the id at the end of its URL (the visitor's route, whoever wrote the URL). */
  async file(url: string): Promise<Blob> {
    const id = /attachments\/([0-9a-f-]{36})$/i.exec(url)?.[1];
    const res = id
      ? await fetch(`${this.base}/widget/v1/attachments/${id}`, { headers: { authorization: `Bearer ${this.token}` } })
      : undefined;
    if (!res?.ok) throw new WidgetApiError(res?.status ?? 0, 'file', 'No such file.');
    return res.blob();
  }

  /** The page the visitor is on (automation's page triggers). */
  pageEvent(body: Record<string, unknown>): Promise<void> {
    return this.call('POST', '/page-events', body);
  }

  /** The survey of a closed conversation (404 when none was sent). */
  survey(conversationId: string): Promise<{ survey: { question: string; answer: unknown } | null }> {
    return this.call('GET', `/csat/${conversationId}`);
  }

  answerSurvey(conversationId: string, rating: number, comment: string): Promise<unknown> {
    return this.call('POST', `/csat/${conversationId}`, { rating, comment: comment || null });
  }
}
