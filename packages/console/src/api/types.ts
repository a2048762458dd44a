import type { Contact, Conversation as InboxConversation } from '@bacon/inbox-contract';

/**
 * The console's own view types. The inbox's records (Message, Note, Macro, Contact, AgentView...)
 * are `@bacon/inbox-contract`'s: import them from there.
 */

/** A conversation as the console holds it: the inbox's record, with its contact once it is loaded. */
export interface Conversation extends InboxConversation {
  contact?: Contact | null;
  /** Messages I have not read (the list's badge): `lastSeq` minus my read marker. */
  unreadCount?: number;
}

/** A user of the tenant as the host's `/users` admin API returns it. */
export interface Agent {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'agent';
  disabled: boolean;
  lastLoginAt?: string | null;
  createdAt?: string;
}

/** One plugin's contribution to the contact side panel. */
export interface ContactContext {
  pluginId: string;
  title?: string;
  data: unknown;
}
