// The cluster drills' durable consumer: every `message.*` and `conversation.*` event it applies is
// recorded once (idempotent by event id) with the host that applied it, so a drill can check that a
// consumer caught up across a kill -9, a database restart or a Redis outage with nothing lost.
import { definePlugin } from '@bacon/sdk';

const HOST = process.env.CLUSTER_DRILL_HOST ?? 'host';

export default definePlugin({
  id: 'cluster-drill',
  version: '1.0.0',
  async init(ctx) {
    const db = ctx.db;
    await ctx.events.consume(
      'seen',
      ['message.*', 'conversation.*'],
      async (e) => {
        const messageId = (e.payload as { message?: { id?: string } } | null)?.message?.id ?? null;
        await db('cluster_drill_seen')
          .insert({ event_id: e.id, topic: e.topic, key: e.key, seq: e.seq, message_id: messageId, host: HOST })
          .onConflict('event_id')
          .ignore();
      },
      { concurrency: 4 },
    );
  },
});
