/** JSON schemas shared by the auth and security routes. */
export const UUID = { type: 'string', format: 'uuid' };
export const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: UUID } };
export const ROLE = { type: 'string', enum: ['admin', 'agent'] };

/** A user's notification preferences: every field optional in a change, all present in an answer. */
const PREF_FIELDS = {
  sound: { type: 'boolean', title: 'Play a sound' },
  desktop: { type: 'boolean', title: 'Desktop notifications' },
  newConversations: { type: 'boolean', title: 'New conversations in my views' },
  assignedMessages: { type: 'boolean', title: 'Messages in conversations assigned to me' },
  mentions: { type: 'boolean', title: 'Mentions in notes' },
};
export const NOTIFICATION_PREFS = {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(PREF_FIELDS),
  properties: PREF_FIELDS,
};
export const NOTIFICATION_PREFS_PATCH = { type: 'object', additionalProperties: false, minProperties: 1, properties: PREF_FIELDS };

/** An avatar: an https URL, or a small inline image (PNG, JPEG, GIF or WebP, at most ~100 KB). */
export const AVATAR_URL = {
  type: 'string',
  title: 'Avatar',
  maxLength: 140000,
  pattern: '^(https://[^\\s]+|data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+)$',
};

export const USER = {
  type: 'object',
  required: [
    'id',
    'tenantId',
    'email',
    'name',
    'role',
    'disabled',
    'lastLoginAt',
    'createdAt',
    'avatarUrl',
    'notificationPrefs',
    'mustChangePassword',
    'language',
  ],
  additionalProperties: false,
  properties: {
    id: UUID,
    tenantId: UUID,
    email: { type: 'string' },
    name: { type: 'string' },
    role: ROLE,
    disabled: { type: 'boolean' },
    lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    avatarUrl: { type: ['string', 'null'] },
    notificationPrefs: NOTIFICATION_PREFS,
    mustChangePassword: { type: 'boolean' },
    language: { type: ['string', 'null'] },
  },
};

export const SESSION = {
  type: 'object',
  required: ['accessToken', 'tokenType', 'expiresIn', 'csrfToken', 'user'],
  additionalProperties: false,
  properties: {
    accessToken: { type: 'string' },
    tokenType: { const: 'Bearer' },
    expiresIn: { type: 'integer' },
    csrfToken: { type: 'string' },
    /** Only when the client asked for it in the body (non-browser clients). */
    refreshToken: { type: 'string' },
    user: USER,
  },
};

export const PASSWORD = { type: 'string', minLength: 10, maxLength: 200 };

/** A language tag as a profile keeps it: `fr`, `pt-BR`, `zh-Hant` (BCP 47's shape, not its registry). */
export const LANGUAGE_TAG = { type: 'string', title: 'Language', pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$', maxLength: 35 };
