/** The inbox records as the API returns them (see packages/inbox/src/types.ts). */
export type ConversationState = 'new' | 'assigned' | 'snoozed' | 'closed';
export type AuthorKind = 'contact' | 'agent' | 'bot' | 'system';

export interface Contact {
  id: string;
  channel?: string;
  externalId?: string;
  name: string | null;
  email: string | null;
  phone?: string | null;
  attributes?: Record<string, unknown>;
}

export interface Conversation {
  id: string;
  contactId: string;
  contact?: Contact;
  channel: string;
  state: ConversationState;
  assigneeId: string | null;
  priority?: string;
  subject: string | null;
  tags: string[];
  snoozedUntil: string | null;
  lastMessageAt: string | null;
  lastSeq: number;
  preview: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  authorKind: AuthorKind;
  authorId: string | null;
  body: string;
  payload?: Record<string, unknown> | null;
  createdAt: string;
}

export interface Note {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  mentions?: string[];
  createdAt: string;
}

export interface Macro {
  id: string;
  name: string;
  body: string | null;
  actions: unknown[];
}

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

export interface AgentStatus {
  agentId: string;
  available: boolean;
  capacity: number | null;
  load: number;
  name?: string | null;
  email?: string | null;
  role?: 'admin' | 'agent';
}

/** Where a conversation may go from each state (mirrors the inbox's transition table). */
export const TRANSITIONS: Record<ConversationState, ConversationState[]> = {
  new: ['assigned', 'snoozed', 'closed'],
  assigned: ['new', 'snoozed', 'closed'],
  snoozed: ['new', 'assigned', 'closed'],
  closed: ['new', 'assigned'],
};
