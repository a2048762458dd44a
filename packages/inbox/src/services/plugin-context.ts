import type { ConversationAction, PluginActionCalls, PluginEnricherCalls, EnrichmentResult, AuthUser } from '@bacon/sdk';
import type { Note } from '@bacon/inbox-contract';
import { findConversation } from '../repositories/conversations.js';
import { findContact } from '../repositories/contacts.js';
import { listMessages } from '../repositories/messages.js';
import { InboxErrors } from '../errors.js';
import type { InboxDeps } from './deps.js';
import { createNote } from './notes.js';

export interface PluginServicesForInbox {
  enrichers: PluginEnricherCalls;
  actions: PluginActionCalls;
}

/** Time budget of each plugin's enricher when the console asks for a conversation's context. */
export const CONTEXT_BUDGET_MS = 2500;
const TRANSCRIPT_MESSAGES = 50;

/** What prefills an action's inputs: the contact, the conversation, and its transcript (last messages, oldest first). */
async function conversationFacts(deps: InboxDeps, tenantId: string, conversationId: string) {
  const conv = await findConversation(deps.db, tenantId, conversationId);
  if (!conv) throw InboxErrors.conversationNotFound(conversationId);
  const contact = await findContact(deps.db, tenantId, conv.contactId);
  return { conv, contact };
}

async function transcriptOf(deps: InboxDeps, tenantId: string, conversationId: string, contactName: string | null): Promise<string> {
  const last = await listMessages(deps.db, tenantId, conversationId, { order: 'desc', limit: TRANSCRIPT_MESSAGES });
  return last
    .reverse()
    .map(
      (m) => `${m.authorKind === 'contact' ? (contactName ?? 'Customer') : m.authorKind === 'agent' ? 'Agent' : m.authorKind}: ${m.body}`,
    )
    .join('\n');
}

/** Every enabled plugin's enricher output for the conversation's contact, each within the budget, in parallel. */
export async function conversationContext(
  deps: InboxDeps,
  plugins: PluginServicesForInbox,
  tenantId: string,
  conversationId: string,
): Promise<EnrichmentResult[]> {
  const { contact } = await conversationFacts(deps, tenantId, conversationId);
  const c = contact ? { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone, channel: contact.channel } : {};
  return plugins.enrichers.collect(tenantId, { contact: c, conversationId }, { budgetMs: CONTEXT_BUDGET_MS });
}

export interface OfferedAction extends Omit<ConversationAction, 'conversation'> {
  label: string;
  /** Input values taken from the conversation (the form starts with them). */
  prefill: Record<string, string>;
}

/** The actions plugins offer in this conversation, with their inputs prefilled from it. */
export async function offeredActions(
  deps: InboxDeps,
  plugins: PluginServicesForInbox,
  tenantId: string,
  conversationId: string,
): Promise<OfferedAction[]> {
  const { conv, contact } = await conversationFacts(deps, tenantId, conversationId);
  const offered = await plugins.actions.conversationActions(tenantId);
  const needsTranscript = offered.some((a) => Object.values(a.conversation.prefill ?? {}).includes('conversation.transcript'));
  const facts: Record<string, string | null | undefined> = {
    'contact.email': contact?.email,
    'contact.phone': contact?.phone,
    'contact.name': contact?.name,
    'conversation.id': conv.id,
    'conversation.subject': conv.subject,
    'conversation.transcript': needsTranscript ? await transcriptOf(deps, tenantId, conv.id, contact?.name ?? null) : undefined,
  };
  return offered.map(({ conversation, ...a }) => ({
    ...a,
    label: conversation.label,
    prefill: Object.fromEntries(
      Object.entries(conversation.prefill ?? {}).flatMap(([field, from]) => (facts[from] ? [[field, facts[from]!]] : [])),
    ),
  }));
}

const pick = (o: unknown, key: string | undefined) =>
  key && o && typeof o === 'object' && typeof (o as Record<string, unknown>)[key] === 'string'
    ? ((o as Record<string, string>)[key] as string)
    : undefined;

/**
 * Runs an action a plugin offers in conversations, as the agent, and posts its result as a private
 * note (its summary and link). Only actions offered in conversations may run here; the plugin's
 * refusal is the answer (no note).
 */
export async function runConversationAction(
  deps: InboxDeps,
  plugins: PluginServicesForInbox,
  req: { tenantId: string; conversationId: string; user: AuthUser; pluginId: string; action: string; input: unknown },
): Promise<{ output: unknown; note: Note }> {
  await conversationFacts(deps, req.tenantId, req.conversationId);
  const offered = (await plugins.actions.conversationActions(req.tenantId)).find(
    (a) => a.pluginId === req.pluginId && a.action === req.action,
  );
  if (!offered) throw InboxErrors.pluginActionNotOffered({ pluginId: req.pluginId, action: req.action });
  const output = await plugins.actions.call(req.pluginId, req.action, req.input, req.tenantId);
  const summary = pick(output, offered.conversation.note?.summary) ?? `${offered.conversation.label}: done.`;
  const url = pick(output, offered.conversation.note?.url);
  const body = `${offered.pluginTitle} · ${offered.conversation.label}\n${summary}${url ? `\n${url}` : ''}`.slice(0, 10000);
  const note = await createNote(deps, { tenantId: req.tenantId, conversationId: req.conversationId, author: req.user, body });
  return { output, note };
}
