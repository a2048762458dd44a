import type { Attachment } from '@bacon/sdk';
/** The inbox's records as its API and routes return them (camelCase, ISO timestamps). */
export type ConversationState = 'new' | 'assigned' | 'snoozed' | 'closed';
export type Priority = 'none' | 'low' | 'medium' | 'high' | 'urgent';
/** The inbox's views of the conversation list (see `conversationInView`). */
export type ConversationView = 'new' | 'mine' | 'unassigned' | 'all' | 'snoozed' | 'closed';
export type AuthorKind = 'contact' | 'agent' | 'bot' | 'system';
export type AssignStrategy = 'manual' | 'round_robin' | 'auto' | 'macro';
export type ActorKind = 'user' | 'system' | 'contact' | 'plugin';

export interface Actor {
  kind: ActorKind;
  id?: string;
  /** Set by automation on the changes its rules make; the inbox carries it on the events the change emits. */
  cause?: EventCause;
}

/**
 * What made a change, when an automation rule made it: the durable event its evaluation ran on, the
 * rule, and the chain depth (1 for a rule fired by a person's or contact's change, 2 for a rule fired
 * by that rule's effect, ...). Carried as `payload.cause` on the events of the change, so a consumer
 * can tell a rule's own effects and stop chains without guessing from timestamps.
 */
export interface EventCause {
  eventId: string;
  ruleId: string;
  depth: number;
}

/** The query of `GET /conversations`: filters, order and cursor pagination (see `conversationListQuerySchema`). */
export interface ConversationListQuery {
  state?: ConversationState;
  /** A view (new, mine, unassigned, all, snoozed, closed): combined with the other filters. */
  view?: ConversationView;
  /** An agent id, `me` or `none` (unassigned). */
  assignee?: string;
  priority?: Priority;
  tag?: string;
  channel?: string;
  contactId?: string;
  /** Words searched in the subject, the preview and the contact. */
  q?: string;
  /** `priority`: urgent first, then the most recently updated. */
  sort?: 'updated' | 'created' | 'priority';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface Contact {
  id: string;
  tenantId: string;
  channel: string;
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, unknown>;
  createdAt: string;
}

/** A contact as the Contacts page lists it: how many conversations, and the latest activity. */
export interface ContactListItem extends Contact {
  conversationCount: number;
  lastActivityAt: string | null;
}

/** A contact with its conversations, newest first (`GET /contacts/:id`). */
export interface ContactDetail {
  contact: Contact;
  conversations: Conversation[];
}

/** The editable fields of a contact (`PATCH /contacts/:id`); null clears one. */
export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface Conversation {
  id: string;
  tenantId: string;
  contactId: string;
  channel: string;
  externalId: string | null;
  state: ConversationState;
  assigneeId: string | null;
  priority: Priority;
  subject: string | null;
  tags: string[];
  snoozedUntil: string | null;
  waitingSince: string | null;
  firstInboundAt: string | null;
  firstResponseAt: string | null;
  lastMessageAt: string | null;
  closedAt: string | null;
  lastSeq: number;
  preview: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A conversation as `GET /conversations` lists it: the record with its contact. */
export interface ConversationListItem extends Conversation {
  contact: Contact | null;
  /** Messages the caller has not read yet (`lastSeq` after the caller's read marker); present in `GET /conversations`. */
  unreadCount?: number;
}

/** A view with how many conversations it holds (`GET /inbox/views`). */
export interface ViewCount {
  id: ConversationView;
  count: number;
  /** How many of them hold messages the caller has not read. */
  unread?: number;
}

/** An agent's read marker on a conversation (`POST /conversations/:id/read`). */
export interface ReadMarker {
  conversationId: string;
  lastReadSeq: number;
  unreadCount: number;
}

export interface Message {
  id: string;
  tenantId: string;
  conversationId: string;
  seq: number;
  authorKind: AuthorKind;
  authorId: string | null;
  body: string;
  payload: Record<string, unknown> | null;
  channel: string;
  externalId: string | null;
  createdAt: string;
}

export interface Note {
  id: string;
  tenantId: string;
  conversationId: string;
  /** Null for a note an automation rule wrote. */
  authorId: string | null;
  body: string;
  mentions: string[];
  /** Files only agents see (uploaded like a reply's); absent when none. */
  attachments?: Attachment[];
  createdAt: string;
  updatedAt: string;
}

export type MacroAction =
  | { type: 'add_tag'; tag: string }
  | { type: 'remove_tag'; tag: string }
  | { type: 'transition'; to: ConversationState; until?: string; forSeconds?: number }
  | { type: 'assign'; agentId: string }
  | { type: 'assign'; strategy: 'round_robin' }
  | { type: 'set_priority'; priority: Priority };

export interface Macro {
  id: string;
  tenantId: string;
  name: string;
  body: string | null;
  actions: MacroAction[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An agent's own availability setting. */
export interface AgentStatus {
  agentId: string;
  available: boolean;
  /** null: the tenant's default capacity (null there too: unlimited). */
  capacity: number | null;
}

/** An agent as assignment sees it. */
export interface AgentLoad {
  agentId: string;
  available: boolean;
  /** Effective capacity (the agent's own, else the tenant default); null is unlimited. */
  capacity: number | null;
  /** Open conversations held: assigned or snoozed. */
  load: number;
}

/** An agent as `GET /inbox/agents` lists it: the load, and who the agent is. */
export interface AgentView extends AgentLoad {
  name: string | null;
  email: string | null;
  role: 'admin' | 'agent';
}

export interface InboxSettings {
  tenantId: string;
  autoAssign: boolean;
  defaultCapacity: number | null;
  retentionDays: number | null;
  retentionMode: 'delete' | 'anonymize';
}

export interface AuditEntry {
  id: string;
  conversationId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  actorKind: ActorKind;
  actorId: string | null;
  details: Record<string, unknown> | null;
  createdAt: string;
}

/** What a search hit is: a message, a private note or a contact. */
export type SearchHitKind = 'message' | 'note' | 'contact';

/**
 * One hit of `GET /search`: where it is (a message's conversation and seq, a note's conversation,
 * or a contact), a short excerpt around the first matching word, and who the contact is.
 */
export interface SearchHit {
  kind: SearchHitKind;
  id: string;
  conversationId: string | null;
  contactId: string | null;
  contactName: string | null;
  /** The message's sequence number in its conversation (messages only). */
  seq: number | null;
  excerpt: string;
  createdAt: string;
}
