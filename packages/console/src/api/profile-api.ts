import type { ApiClient } from './api-client.js';
import type { NotificationPrefs, SessionUser } from './session.js';

export interface ProfilePatch {
  name?: string;
  /** An https URL or a small `data:image/...;base64,` image; null removes it. */
  avatarUrl?: string | null;
  notificationPrefs?: Partial<NotificationPrefs>;
  /** The console language (a BCP 47-like tag); null: follow the browser. */
  language?: string | null;
}

/** The signed-in user's own profile (`/auth/me`); the password goes through the session, which adopts the new tokens. */
export function profileApi(api: ApiClient) {
  return {
    async me(): Promise<SessionUser> {
      return (await api.get('/auth/me')) as SessionUser;
    },
    async update(patch: ProfilePatch): Promise<SessionUser> {
      return (await api.patch('/auth/me', patch)) as SessionUser;
    },
  };
}

export type ProfileApi = ReturnType<typeof profileApi>;
