import type { Knex } from 'knex';
import { NotFound, type PluginRealtime, type PluginRoutes } from '@bacon/sdk';
import type { InboxPort } from './inbox-port.js';
import { conversationRoom } from './public-message.js';

/** How far the team got in a web conversation: delivered to a console, seen with it open. */
export interface AgentReceipts {
  deliveredSeq: number;
  seenSeq: number;
}

const TABLE = 'channels_web_conversations';

export async function agentReceipts(db: Knex, tenantId: string, conversationId: string): Promise<AgentReceipts> {
  const r = (await db(TABLE)
    .where({ tenant_id: tenantId, conversation_id: conversationId })
    .first('agent_delivered_seq', 'agent_seen_seq')) as { agent_delivered_seq: number; agent_seen_seq: number } | undefined;
  return { deliveredSeq: Number(r?.agent_delivered_seq ?? 0), seenSeq: Number(r?.agent_seen_seq ?? 0) };
}

/**
 * Moves the marks forward (seen implies delivered); answers the new marks, or undefined when
 * nothing moved (a second console saying the same thing, or not a web conversation).
 */
export async function recordAgentReceipts(
  db: Knex,
  tenantId: string,
  conversationId: string,
  marks: { delivered?: number; seen?: number },
): Promise<AgentReceipts | undefined> {
  const seen = marks.seen ?? 0;
  const delivered = Math.max(marks.delivered ?? 0, seen);
  const rows = (await db(TABLE)
    .where({ tenant_id: tenantId, conversation_id: conversationId })
    .andWhere((q) => q.where('agent_delivered_seq', '<', delivered).orWhere('agent_seen_seq', '<', seen))
    .update({
      agent_delivered_seq: db.raw('greatest(agent_delivered_seq, ?)', [delivered]),
      agent_seen_seq: db.raw('greatest(agent_seen_seq, ?)', [seen]),
    })
    .returning(['agent_delivered_seq', 'agent_seen_seq'])) as { agent_delivered_seq: number; agent_seen_seq: number }[];
  const r = rows[0];
  return r ? { deliveredSeq: Number(r.agent_delivered_seq), seenSeq: Number(r.agent_seen_seq) } : undefined;
}

/**
 * `POST /api/v1/channels/conversations/:id/receipts`: an agent's console says it received messages
 * up to `delivered` and showed them up to `seen`. The visitor's widget hears the new marks live
 * (`conversation.receipts`) and reads them with the transcript.
 */
export function registerReceiptRoutes(routes: PluginRoutes, deps: { db: Knex; inbox: InboxPort; realtime: PluginRealtime }): void {
  routes.post('/conversations/:id/receipts', {
    auth: 'agent',
    summary: "Delivered / seen marks of a web conversation's messages (shown to the visitor)",
    tags: ['channels'],
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          delivered: { type: 'integer', minimum: 0, title: 'Delivered up to' },
          seen: { type: 'integer', minimum: 0, title: 'Seen up to' },
        },
      },
    },
    handler: async (http) => {
      const tenantId = http.state.tenantId!;
      const conv = await deps.inbox.getConversation(tenantId, http.params.id!);
      if (!conv) throw NotFound('No such conversation.', { id: http.params.id });
      const b = http.request.body as { delivered?: number; seen?: number };
      // Never past the conversation's last message: a console cannot see the future.
      const cap = (n?: number) => (n === undefined ? undefined : Math.min(n, conv.lastSeq));
      const moved = await recordAgentReceipts(deps.db, tenantId, conv.id, { delivered: cap(b.delivered), seen: cap(b.seen) });
      if (moved)
        deps.realtime.emitEphemeral(
          { topic: 'conversation.receipts', tenantId, room: conversationRoom(conv.id), payload: { conversationId: conv.id, ...moved } },
          { widget: true },
        );
      http.status = 204;
    },
  });
}
