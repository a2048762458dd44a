import type { Knex } from 'knex';
import { DELIVERY_RANK, type ChannelDelivery, type DeliveryStatus } from '@bacon/sdk';

/** What the console shows on an outbound message (the SDK's contract). */
export type Delivery = ChannelDelivery;

/** Status callbacks may arrive out of order: a status only ever moves forward (failed ends it). */
const RANK = DELIVERY_RANK;

const toDelivery = (r: Record<string, unknown>): Delivery => ({
  messageId: String(r.message_id),
  conversationId: String(r.conversation_id),
  channel: String(r.channel),
  status: r.status as DeliveryStatus,
  externalId: (r.external_id as string | null) ?? null,
  error: r.error_code ? { code: String(r.error_code), message: String(r.error_message ?? '') } : null,
  attempts: Number(r.attempts),
  updatedAt: new Date(r.updated_at as string).toISOString(),
});

/** The channels_deliveries repository; every call takes the knex handle. */
export const deliveries = {
  /** The row of a message, made `queued` on first sight (a redelivered event finds it). */
  async open(
    db: Knex,
    d: { tenantId: string; messageId: string; conversationId: string; pluginId: string; channel: string },
  ): Promise<Delivery> {
    await db('channels_deliveries')
      .insert({
        tenant_id: d.tenantId,
        message_id: d.messageId,
        conversation_id: d.conversationId,
        plugin_id: d.pluginId,
        channel: d.channel,
        status: 'queued',
      })
      .onConflict(['tenant_id', 'message_id'])
      .ignore();
    return toDelivery(await db('channels_deliveries').where({ tenant_id: d.tenantId, message_id: d.messageId }).first());
  },

  async attempt(db: Knex, tenantId: string, messageId: string): Promise<void> {
    await db('channels_deliveries')
      .where({ tenant_id: tenantId, message_id: messageId })
      .update({ attempts: db.raw('attempts + 1'), updated_at: db.fn.now() });
  },

  /** The provider took the message: its id, and `sent` unless a callback already moved it further. */
  async sent(db: Knex, tenantId: string, messageId: string, externalId: string): Promise<void> {
    await db('channels_deliveries')
      .where({ tenant_id: tenantId, message_id: messageId })
      .update({
        external_id: externalId,
        status: db.raw(`CASE WHEN status = 'queued' THEN 'sent' ELSE status END`),
        updated_at: db.fn.now(),
      });
  },

  async failed(db: Knex, tenantId: string, messageId: string, error: { code: string; message: string }): Promise<void> {
    await db('channels_deliveries')
      .where({ tenant_id: tenantId, message_id: messageId })
      .update({ status: 'failed', error_code: error.code, error_message: error.message.slice(0, 1000), updated_at: db.fn.now() });
  },

  /** A provider's status callback; answers the delivery when it moved (unknown ids and stale news change nothing). */
  async applyStatus(
    db: Knex,
    s: {
      tenantId: string;
      channel: string;
      externalId: string;
      status: Exclude<DeliveryStatus, 'queued'>;
      error?: { code: string; message: string };
    },
  ): Promise<Delivery | undefined> {
    const lower = Object.entries(RANK)
      .filter(([, rank]) => rank < RANK[s.status])
      .map(([name]) => name);
    const [row] = await db('channels_deliveries')
      .where({ tenant_id: s.tenantId, channel: s.channel, external_id: s.externalId })
      .whereIn('status', lower)
      .update({
        status: s.status,
        ...(s.error ? { error_code: s.error.code, error_message: s.error.message.slice(0, 1000) } : {}),
        updated_at: db.fn.now(),
      })
      .returning('*');
    return row ? toDelivery(row) : undefined;
  },

  /**
   * A watermark: every message of the conversation sent (the provider took it) until `at` moves to
   * `status`, unless it is already there or further. Answers the deliveries that moved.
   */
  async applyWatermark(
    db: Knex,
    w: { tenantId: string; conversationId: string; status: 'delivered' | 'read'; at: Date },
  ): Promise<Delivery[]> {
    const lower = Object.entries(RANK)
      .filter(([name, rank]) => name !== 'queued' && rank < RANK[w.status])
      .map(([name]) => name);
    const rows = await db('channels_deliveries')
      .where({ tenant_id: w.tenantId, conversation_id: w.conversationId })
      .whereNotNull('external_id')
      .whereIn('status', lower)
      .where('created_at', '<=', w.at)
      .update({ status: w.status, updated_at: db.fn.now() })
      .returning('*');
    return rows.map(toDelivery);
  },

  async forConversation(db: Knex, tenantId: string, conversationId: string): Promise<Delivery[]> {
    const rows = await db('channels_deliveries').where({ tenant_id: tenantId, conversation_id: conversationId }).orderBy('created_at');
    return rows.map(toDelivery);
  },

  async get(db: Knex, tenantId: string, messageId: string): Promise<Delivery | undefined> {
    const row = await db('channels_deliveries').where({ tenant_id: tenantId, message_id: messageId }).first();
    return row ? toDelivery(row) : undefined;
  },
};
