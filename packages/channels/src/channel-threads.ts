import type { Knex } from 'knex';

/** A conversation on a provider channel: which plugin carries it, and when the contact last wrote. */
export interface ChannelThread {
  conversationId: string;
  pluginId: string;
  channel: string;
  lastInboundAt: string;
}

export const channelThreads = {
  /** Records an inbound message's time (never moves it back: retried webhooks arrive late). */
  async touch(db: Knex, t: { tenantId: string; conversationId: string; pluginId: string; channel: string; at: Date }): Promise<void> {
    await db('channels_threads')
      .insert({
        tenant_id: t.tenantId,
        conversation_id: t.conversationId,
        plugin_id: t.pluginId,
        channel: t.channel,
        last_inbound_at: t.at,
      })
      .onConflict(['tenant_id', 'conversation_id'])
      .merge({
        plugin_id: t.pluginId,
        last_inbound_at: db.raw('GREATEST(channels_threads.last_inbound_at, excluded.last_inbound_at)'),
      });
  },

  async get(db: Knex, tenantId: string, conversationId: string): Promise<ChannelThread | undefined> {
    const r = await db('channels_threads').where({ tenant_id: tenantId, conversation_id: conversationId }).first();
    return r
      ? {
          conversationId: r.conversation_id,
          pluginId: r.plugin_id,
          channel: r.channel,
          lastInboundAt: new Date(r.last_inbound_at).toISOString(),
        }
      : undefined;
  },
};
