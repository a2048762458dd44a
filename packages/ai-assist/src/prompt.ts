import type { ChatRequest, ChatTurn } from './providers/provider.js';
import type { ConversationContext } from './conversation-context.js';
import type { PiiVault } from './pii-vault.js';

const BASE_SYSTEM = [
  'You draft the next reply of a customer-support agent. The agent reads and edits your draft before sending it.',
  'Write only the reply text, in the language the customer writes in, without a subject line or signature placeholders.',
  'Use the context below; do not invent order numbers, prices or policies it does not state.',
  'Tokens like [email_a] or [phone_a] stand for personal data: keep them as they are where they are needed.',
].join(' ');

/**
 * The request sent to the provider: a system prompt holding the context (contact, tags, page, notes,
 * plugin context), then the transcript as alternating turns. Every string goes through the vault
 * first, so no personal datum it knows leaves in clear.
 */
export function buildPrompt(
  ctx: ConversationContext,
  vault: PiiVault,
  opts: { instructions?: string; maxTokens: number; temperature: number },
): ChatRequest {
  const sections: string[] = [BASE_SYSTEM];
  if (opts.instructions) sections.push(`House style: ${opts.instructions}`);
  const about: Record<string, unknown> = { channel: ctx.channel };
  if (ctx.subject) about.subject = ctx.subject;
  if (ctx.tags.length) about.tags = ctx.tags;
  if (ctx.contact) about.contact = ctx.contact;
  if (ctx.page) about.page = ctx.page;
  sections.push(`Conversation: ${JSON.stringify(about)}`);
  if (ctx.notes.length)
    sections.push(`Private notes by the team (never quote them to the customer):\n${ctx.notes.map((n) => `- ${n.text}`).join('\n')}`);
  // An enricher that answers null has nothing to say about this conversation.
  const answered = ctx.plugins.filter((p) => p.status === 'ok' && p.data != null);
  for (const p of answered) sections.push(`Context from ${p.title} (${p.pluginId}): ${JSON.stringify(p.data)}`);
  const system = vault.mask(sections.join('\n\n'));

  // Providers want user/assistant turns, starting with the user and alternating: merge runs.
  const turns: ChatTurn[] = [];
  for (const line of ctx.transcript) {
    if (line.author === 'system') continue;
    const role = line.author === 'contact' ? 'user' : 'assistant';
    const content = vault.mask(line.text);
    const last = turns[turns.length - 1];
    if (last?.role === role) last.content += `\n\n${content}`;
    else turns.push({ role, content });
  }
  if (turns[0]?.role !== 'user') turns.unshift({ role: 'user', content: '(The conversation starts with the team writing.)' });
  if (turns[turns.length - 1]!.role !== 'user') turns.push({ role: 'user', content: "(Draft the team's next message.)" });
  return { system, messages: turns, maxTokens: opts.maxTokens, temperature: opts.temperature };
}
