import type { Knex } from 'knex';
import { maskPii } from '@bacon/sdk';
import { renderMacro } from '@bacon/inbox-contract';
import type { ConversationContext } from './conversation-context.js';

/** Past contact messages searched for one like the last (newest first). */
export const PAST_MESSAGES_SEARCHED = 5000;

// Words too common to say what a message is about (the `simple` text search config keeps them).
const STOP = new Set(
  (
    'a an and are as at be but by can could do does for from had has have hello hi how i if in is it its me my no not of on or our ' +
    'please so than thanks thank that the their them then there these they this to up us was we were what when where which who ' +
    'why will with would you your yes hey'
  ).split(' '),
);

/** The words of `text` for an OR text query (letters and digits only, so nothing in it is tsquery syntax). */
export function queryWords(text: string): string[] {
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).filter((w) => !STOP.has(w));
  return [...new Set(words)].slice(0, 24);
}

export interface Suggestion {
  text: string;
  source: { type: 'macro'; id: string; name: string } | { type: 'reply'; id: string; conversationId: string } | null;
  score: number;
}

/**
 * The offline default: the macro, or the agent reply that answered the most similar past contact
 * message, that best matches the last contact message (Postgres full-text ranking with the `simple`
 * configuration, so PGlite and any language work alike). A past reply is masked: it was written to
 * someone else.
 */
export async function offlineSuggestion(
  db: Knex,
  tenantId: string,
  ctx: ConversationContext,
  lastMessage: string | undefined,
  agent: { id: string; name?: string; email?: string },
): Promise<Suggestion> {
  const words = lastMessage ? queryWords(lastMessage) : [];
  if (!words.length) return { text: '', source: null, score: 0 };
  const query = words.join(' | ');
  const { rows } = (await db.raw(
    `WITH q AS (SELECT to_tsquery('simple', ?) AS q),
     macros AS (
       SELECT 'macro' AS type, m.id::text AS id, m.name, m.body AS text, NULL::text AS conversation_id,
              ts_rank(to_tsvector('simple', m.name || ' ' || m.body), q.q) AS score
         FROM inbox_macros m, q
        WHERE m.tenant_id = ? AND m.body IS NOT NULL AND m.body <> ''
          AND to_tsvector('simple', m.name || ' ' || m.body) @@ q.q
     ),
     asked AS (
       SELECT c.conversation_id, c.seq, c.body FROM inbox_messages c
        WHERE c.tenant_id = ? AND c.author_kind = 'contact' AND c.conversation_id <> ?
        ORDER BY c.created_at DESC LIMIT ${PAST_MESSAGES_SEARCHED}
     ),
     replies AS (
       SELECT 'reply' AS type, a.id::text AS id, NULL::text AS name, a.body AS text, asked.conversation_id::text AS conversation_id,
              ts_rank(to_tsvector('simple', asked.body), q.q) AS score
         FROM asked CROSS JOIN q
         CROSS JOIN LATERAL (
           SELECT r.id, r.body FROM inbox_messages r
            WHERE r.conversation_id = asked.conversation_id AND r.seq > asked.seq AND r.author_kind = 'agent'
            ORDER BY r.seq LIMIT 1
         ) a
        WHERE to_tsvector('simple', asked.body) @@ q.q
     )
     SELECT * FROM (SELECT * FROM macros UNION ALL SELECT * FROM replies) s ORDER BY score DESC, type, id LIMIT 1`,
    [query, tenantId, tenantId, ctx.conversationId],
  )) as {
    rows: { type: 'macro' | 'reply'; id: string; name: string | null; text: string; conversation_id: string | null; score: number }[];
  };
  const best = rows[0];
  if (!best) return { text: '', source: null, score: 0 };
  if (best.type === 'macro') {
    const contact = { name: ctx.contact?.name, email: ctx.contact?.email, phone: ctx.contact?.phone };
    return {
      text: renderMacro(best.text, {
        contact,
        agent: { id: agent.id, name: agent.name, email: agent.email },
        conversation: { id: ctx.conversationId, subject: ctx.subject, channel: ctx.channel },
      }),
      source: { type: 'macro', id: best.id, name: best.name ?? '' },
      score: Number(best.score),
    };
  }
  return {
    text: maskPii(best.text),
    source: { type: 'reply', id: best.id, conversationId: best.conversation_id! },
    score: Number(best.score),
  };
}
