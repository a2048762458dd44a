/** What survives page loads, per site key, in localStorage: the visitor session and the open conversation. */
export interface SavedSession {
  token: string;
  visitorId: string;
  expiresAt: string;
  identityUserId?: string;
  conversationId?: string;
  /** Highest message sequence number rendered. */
  lastSeq?: number;
  open?: boolean;
}

export class SessionStore {
  private readonly key: string;

  constructor(siteKey: string) {
    this.key = `bacon:${siteKey}`;
  }

  load(): SavedSession | undefined {
    try {
      const s = JSON.parse(localStorage.getItem(this.key) ?? 'null') as SavedSession | null;
      if (!s || typeof s.token !== 'string' || Date.parse(s.expiresAt) - Date.now() < 60_000) return undefined;
      return s;
    } catch {
      return undefined;
    }
  }

  save(s: SavedSession): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(s));
    } catch {
      // Private mode or a full quota: the chat still works for this page.
    }
  }

  clear(): void {
    try {
      localStorage.removeItem(this.key);
    } catch {
      /* nothing saved */
    }
  }
}
