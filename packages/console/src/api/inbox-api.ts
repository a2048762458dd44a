import type { Attachment } from '@bacon/sdk';
import type { ApiClient } from './api-client.js';
import { toPage, unwrap, type Page } from './page.js';
import type {
  AgentView,
  Contact,
  ContactDetail,
  ContactListItem,
  ContactPatch,
  ConversationListQuery,
  ConversationState,
  Macro,
  MacroAction,
  Message,
  Note,
  Priority,
  ReadMarker,
  SearchHit,
  SearchHitKind,
  ViewCount,
} from '@bacon/inbox-contract';
import type { ContactContext, Conversation } from './types.js';

const enc = encodeURIComponent;

/** The inbox endpoints the console uses (packages/inbox routes). */
export function inboxApi(api: ApiClient) {
  return {
    async listConversations(f: ConversationListQuery, signal?: AbortSignal): Promise<Page<Conversation>> {
      return toPage<Conversation>(await api.get('/conversations', { ...f }, signal), 'items');
    },
    /** Every view (new, mine, unassigned, all, snoozed, closed) with its count for me. */
    async viewCounts(): Promise<ViewCount[]> {
      return toPage<ViewCount>(await api.get('/inbox/views'), 'items').items;
    },
    async setPriority(id: string, priority: Priority): Promise<Conversation> {
      return api.patch(`/conversations/${enc(id)}`, { priority });
    },
    /** The conversation with its contact attached. */
    async getConversation(id: string): Promise<Conversation> {
      const body = (await api.get(`/conversations/${enc(id)}`)) as { conversation?: Conversation; contact?: Contact | null };
      const conv = body.conversation ?? (body as unknown as Conversation);
      return { ...conv, contact: body.contact ?? conv.contact };
    },
    async listMessages(id: string, opts: { cursor?: string | null; limit?: number }): Promise<Page<Message>> {
      return toPage<Message>(
        await api.get(`/conversations/${enc(id)}/messages`, { order: 'desc', limit: opts.limit ?? 30, cursor: opts.cursor ?? undefined }),
        'messages',
      );
    },
    async sendMessage(
      id: string,
      text: string,
      attachments?: { name: string; contentType: string; size: number; url: string }[],
    ): Promise<Message> {
      return unwrap<Message>(
        await api.post(`/conversations/${enc(id)}/messages`, attachments?.length ? { text, attachments } : { text }),
        'message',
      );
    },
    async listNotes(id: string): Promise<Note[]> {
      return toPage<Note>(await api.get(`/conversations/${enc(id)}/notes`), 'notes').items;
    },
    /** A private note; its files are uploads of the conversation (as a reply's), which agents alone then read. */
    async addNote(id: string, body: string, mentions: string[] = [], attachments: Attachment[] = []): Promise<Note> {
      const extra = { ...(mentions.length ? { mentions } : {}), ...(attachments.length ? { attachments } : {}) };
      return unwrap<Note>(await api.post(`/conversations/${enc(id)}/notes`, { body, ...extra }), 'note');
    },
    /** Marks the conversation read by me up to `seq` (default: its last message). */
    async markRead(id: string, seq?: number): Promise<ReadMarker> {
      return api.post(`/conversations/${enc(id)}/read`, seq === undefined ? {} : { seq });
    },
    /** Full-text search over messages, notes and contacts, newest first. */
    async search(q: string, opts: { cursor?: string; kind?: SearchHitKind } = {}): Promise<Page<SearchHit>> {
      return toPage<SearchHit>(await api.get('/search', { q, limit: 20, ...opts }), 'items');
    },
    async assign(id: string, to: { agentId: string } | { strategy: 'round_robin' }): Promise<Conversation> {
      return unwrap<Conversation>(await api.post(`/conversations/${enc(id)}/assign`, to), 'conversation');
    },
    async transition(id: string, to: ConversationState, until?: string, agentId?: string): Promise<Conversation> {
      return unwrap<Conversation>(
        await api.post(`/conversations/${enc(id)}/transition`, { to, ...(until ? { until } : {}), ...(agentId ? { agentId } : {}) }),
        'conversation',
      );
    },
    async setTags(id: string, tags: string[]): Promise<Conversation> {
      return unwrap<Conversation>(await api.put(`/conversations/${enc(id)}/tags`, { tags }), 'conversation');
    },
    async listMacros(): Promise<Macro[]> {
      return toPage<Macro>(await api.get('/macros'), 'macros').items;
    },
    /** Admins: a new macro. */
    async createMacro(m: { name: string; body: string | null; actions: MacroAction[] }): Promise<Macro> {
      return (await api.post('/macros', m)) as Macro;
    },
    async updateMacro(id: string, m: { name?: string; body?: string | null; actions?: MacroAction[] }): Promise<Macro> {
      return (await api.patch(`/macros/${enc(id)}`, m)) as Macro;
    },
    async deleteMacro(id: string): Promise<void> {
      await api.delete(`/macros/${enc(id)}`);
    },
    /** The macro's reply and actions, in one transaction on the server. */
    async applyMacro(conversationId: string, macroId: string): Promise<{ conversation: Conversation; message: Message | null }> {
      return api.post(`/macros/${enc(macroId)}/apply`, { conversationId });
    },
    async listContacts(q: { q?: string; cursor?: string; limit?: number }): Promise<Page<ContactListItem>> {
      return toPage<ContactListItem>(await api.get('/contacts', { ...q }), 'items');
    },
    async getContact(id: string): Promise<ContactDetail> {
      return api.get(`/contacts/${enc(id)}`) as Promise<ContactDetail>;
    },
    async updateContact(id: string, patch: ContactPatch): Promise<Contact> {
      return api.patch(`/contacts/${enc(id)}`, patch);
    },
    /** Merges `sourceId` into `id` (the one kept): its conversations move to `id`. */
    async mergeContact(id: string, sourceId: string): Promise<{ contact: Contact; movedConversations: number }> {
      return api.post(`/contacts/${enc(id)}/merge`, { sourceId });
    },
    /** What plugins know about a contact (orders, CRM record...), when a context route exists. */
    async contactContext(contactId: string): Promise<ContactContext[]> {
      return toPage<ContactContext>(await api.get(`/contacts/${enc(contactId)}/context`), 'items').items;
    },
    /** An AI-drafted reply (only offered when the host has the AI route). */
    async draftReply(id: string): Promise<string> {
      const body = (await api.post(`/conversations/${enc(id)}/draft`)) as {
        text?: string;
        body?: string;
        draft?: { text?: string; body?: string };
      };
      return body.draft?.text ?? body.draft?.body ?? body.text ?? body.body ?? '';
    },
    /** Whether the calling agent takes new conversations (round-robin and auto-assignment). */
    async setAvailable(available: boolean): Promise<void> {
      await api.put('/inbox/agents/me/status', { available });
    },
    /** Agents of the tenant with availability and load (any agent may read it). */
    async listAgents(): Promise<AgentView[]> {
      return toPage<AgentView>(await api.get('/inbox/agents'), 'items').items;
    },
  };
}

export type InboxApi = ReturnType<typeof inboxApi>;
