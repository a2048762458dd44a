import type { Knex } from 'knex';
import type { EnrichmentResult, PluginEnricherCalls } from '@bacon/sdk';

/** The most recent messages a draft reads (older ones are left out of the prompt). */
export const TRANSCRIPT_LIMIT = 60;
const NOTES_LIMIT = 20;

export interface TranscriptLine {
  author: 'contact' | 'agent' | 'bot' | 'system';
  text: string;
  at: string;
}

/** Everything a draft is built from. */
export interface ConversationContext {
  conversationId: string;
  channel: string;
  subject: string | null;
  tags: string[];
  contact: { name: string | null; email: string | null; phone: string | null; attributes: Record<string, unknown> } | null;
  /** The page the contact wrote from (the web widget's last `page`). */
  page: { url?: string; title?: string; referrer?: string } | null;
  transcript: TranscriptLine[];
  /** Private notes (empty when excluded). */
  notes: { text: string; at: string }[];
  notesIncluded: boolean;
  plugins: EnrichmentResult[];
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v));

/**
 * Reads the conversation as the inbox stored it (its tables, scoped by tenant) and asks every
 * enabled plugin's enrichers about the contact, each within its budget. Undefined when there is no
 * such conversation in the tenant.
 */
export async function readConversationContext(
  db: Knex,
  enrichers: PluginEnricherCalls | undefined,
  tenantId: string,
  conversationId: string,
  opts: { includeNotes: boolean; budgetMs: number; maxBytes: number; plugins?: string[] },
): Promise<ConversationContext | undefined> {
  const conv = await db('inbox_conversations').where({ tenant_id: tenantId, id: conversationId }).first();
  if (!conv) return undefined;
  const [contact, messages, notes] = await Promise.all([
    db('inbox_contacts').where({ tenant_id: tenantId, id: conv.contact_id }).first(),
    db('inbox_messages')
      .where({ tenant_id: tenantId, conversation_id: conversationId })
      .orderBy('seq', 'desc')
      .limit(TRANSCRIPT_LIMIT)
      .select('author_kind', 'body', 'payload', 'created_at'),
    opts.includeNotes
      ? db('inbox_notes')
          .where({ tenant_id: tenantId, conversation_id: conversationId })
          .orderBy('created_at', 'desc')
          .limit(NOTES_LIMIT)
          .select('body', 'created_at')
      : Promise.resolve([]),
  ]);
  messages.reverse();
  notes.reverse();
  let page: ConversationContext['page'] = null;
  for (const m of messages) {
    const p = (typeof m.payload === 'string' ? JSON.parse(m.payload) : m.payload)?.metadata?.page;
    if (p && typeof p === 'object') page = p;
  }
  const contactView = contact
    ? {
        name: contact.name ?? null,
        email: contact.email ?? null,
        phone: contact.phone ?? null,
        attributes: (typeof contact.attributes === 'string' ? JSON.parse(contact.attributes) : contact.attributes) ?? {},
      }
    : null;
  const plugins = enrichers
    ? await enrichers.collect(
        tenantId,
        {
          contact: contactView ? { id: contact.id, externalId: contact.external_id, channel: contact.channel, ...contactView } : {},
          conversationId,
        },
        { budgetMs: opts.budgetMs, maxBytes: opts.maxBytes, ...(opts.plugins ? { plugins: opts.plugins } : {}) },
      )
    : [];
  return {
    conversationId,
    channel: conv.channel,
    subject: conv.subject ?? null,
    tags: conv.tags ?? [],
    contact: contactView,
    page,
    transcript: messages.map((m) => ({ author: m.author_kind, text: m.body, at: iso(m.created_at) })),
    notes: notes.map((n) => ({ text: n.body, at: iso(n.created_at) })),
    notesIncluded: opts.includeNotes,
    plugins: plugins.filter((p) => p.pluginId !== 'ai-assist'),
  };
}

/** The last thing the contact wrote (what a draft answers). */
export function lastContactMessage(ctx: ConversationContext): string | undefined {
  for (let i = ctx.transcript.length - 1; i >= 0; i--) if (ctx.transcript[i]!.author === 'contact') return ctx.transcript[i]!.text;
  return undefined;
}

/** What the answer says about the context used: counts, and each plugin that answered or was skipped. */
export function contextSummary(ctx: ConversationContext) {
  return {
    messages: ctx.transcript.length,
    notes: ctx.notes.length,
    notesIncluded: ctx.notesIncluded,
    tags: ctx.tags,
    page: ctx.page?.url ?? null,
    plugins: ctx.plugins.map((p) => ({
      pluginId: p.pluginId,
      enricher: p.enricher,
      title: p.title,
      status: p.status,
      ms: p.ms,
      ...(p.reason ? { reason: p.reason } : {}),
    })),
  };
}
export type ContextSummary = ReturnType<typeof contextSummary>;
