// A host process for the durable-consumer crash tests: the kernel plus one trusted plugin whose
// consumer "chain" records every delivery (enter/exit, which host) and applies each event's effect
// once (idempotent by event id). Public routes let the test append events and read the record, so
// the same test runs on PGlite, whose data dir only this process may open. Prints `READY <url>`.
import { createHost, defaultModules, loadConfig, createLogger } from '@bacon/host';
import { definePlugin, type DurableEvent } from '@bacon/sdk';

const NAME = process.env.EVTEST_HOST ?? 'host';
const TENANT = 'evtest-tenant';

const plugin = definePlugin({
  id: 'evtest',
  version: '1.0.0',
  async init(ctx) {
    const db = ctx.db;
    await db.raw(`create table if not exists evtest_deliveries (id bigserial primary key, event_id bigint not null, key text not null,
      host text not null, entered_at timestamptz not null default clock_timestamp(), exited_at timestamptz)`);
    await db.raw(
      `create table if not exists evtest_effects (apply_id bigserial primary key, event_id bigint not null unique, key text not null, seq integer not null)`,
    );
    const handle = async (e: DurableEvent) => {
      const [d] = await db('evtest_deliveries').insert({ event_id: e.id, key: e.key, host: NAME }).returning('id');
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 8)); // the handler's "work"
      await db('evtest_effects').insert({ event_id: e.id, key: e.key, seq: e.seq }).onConflict('event_id').ignore();
      await db('evtest_deliveries')
        .where({ id: d.id })
        .update({ exited_at: db.raw('clock_timestamp()') });
    };
    await ctx.events.consume('chain', 'evtest.*', handle, { concurrency: 4 });
    ctx.routes.post('/append', {
      auth: 'public',
      summary: 'test: append events',
      schema: {
        body: {
          type: 'object',
          required: ['events'],
          properties: { events: { type: 'array', items: { type: 'object', required: ['key', 'seq'] } } },
        },
      },
      handler: async (c) => {
        const { events } = c.request.body as { events: { key: string; seq: number }[] };
        await db.transaction((trx) =>
          ctx.events.append(
            trx,
            events.map((e) => ({ topic: 'evtest.step', tenantId: TENANT, key: e.key, seq: e.seq, payload: e })),
          ),
        );
        return { ok: true };
      },
    });
    ctx.routes.get('/state', {
      auth: 'public',
      summary: 'test: what the consumer did',
      handler: async () => ({
        effects: await db('evtest_effects').orderBy('apply_id'),
        deliveries: await db('evtest_deliveries').orderBy('id'),
        consumer: await db('host_event_consumers').where({ name: 'evtest:chain' }).first(),
        now: (await db.raw('select clock_timestamp() as now')).rows[0].now,
      }),
    });
  },
});

const config = loadConfig();
const modules = await defaultModules(config, { plugins: [plugin] });
const host = createHost({ config, logger: createLogger(config), modules });
const url = await host.start();
process.stdout.write(`READY ${url}\n`);
const stop = () => void host.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
