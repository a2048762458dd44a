import type { AreaMessages } from './define.js';
import { commonMessages } from './messages.js';
import { appMessages } from '../app/messages.js';
import { loginMessages } from '../login/messages.js';
import { uiMessages } from '../ui/messages.js';
import { connectionMessages } from '../connection/messages.js';
import { outboxMessages } from '../outbox/messages.js';
import { realtimeMessages } from '../realtime/messages.js';
import { apiMessages } from '../api/messages.js';
import { shortcutsMessages } from '../shortcuts/messages.js';
import { inboxMessages } from '../inbox/messages.js';
import { queueMessages } from '../queue/messages.js';
import { conversationMessages } from '../conversation/messages.js';
import { aiMessages } from '../ai/messages.js';
import { channelsMessages } from '../channels/messages.js';
import { noticingMessages } from '../noticing/messages.js';
import { mentionsMessages } from '../mentions/messages.js';
import { searchMessages } from '../search/messages.js';
import { adminMessages } from '../admin/messages.js';
import { automationMessages } from '../automation/messages.js';
import { pluginsMessages } from '../plugins/messages.js';
import { schemaMessages } from '../plugins/schema-messages.js';
import { formMessages } from '../plugins/form-messages.js';
import { reportsMessages } from '../reports/messages.js';
import { contactsMessages } from '../contacts/messages.js';
import { macrosMessages } from '../macros/messages.js';
import { profileMessages } from '../profile/messages.js';

/** Every area's strings, in the order they are merged. */
export const AREAS = [
  commonMessages,
  appMessages,
  loginMessages,
  uiMessages,
  connectionMessages,
  outboxMessages,
  realtimeMessages,
  apiMessages,
  shortcutsMessages,
  inboxMessages,
  queueMessages,
  conversationMessages,
  aiMessages,
  channelsMessages,
  noticingMessages,
  mentionsMessages,
  searchMessages,
  adminMessages,
  automationMessages,
  pluginsMessages,
  schemaMessages,
  formMessages,
  reportsMessages,
  contactsMessages,
  macrosMessages,
  profileMessages,
] as const;

type Merge<T extends readonly AreaMessages[]> = T extends readonly [infer H, ...infer R extends readonly AreaMessages[]]
  ? (H extends AreaMessages<infer E> ? E : never) & Merge<R>
  : unknown;

export type Catalog = Merge<typeof AREAS>;
export type MessageKey = keyof Catalog & string;

function merge(lang: 'en' | 'fr'): Record<MessageKey, string> {
  return Object.assign({}, ...AREAS.map((a) => a[lang])) as Record<MessageKey, string>;
}

/** The console's languages: tag, and the language's own name for the picker. */
export const LANGUAGES = [
  { tag: 'en', name: 'English' },
  { tag: 'fr', name: 'Français' },
] as const;
export type Language = (typeof LANGUAGES)[number]['tag'];

export const CATALOGS: Record<Language, Record<MessageKey, string>> = { en: merge('en'), fr: merge('fr') };
