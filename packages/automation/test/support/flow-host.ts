import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import { definePlugin, type PluginEnricherCalls } from '@bacon/sdk';
import { startTestHost, type TestDatabase, type TestHost, type TestHostOptions } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import automation from '../../src/index.js';

export interface FlowHost {
  host: TestHost;
  inbox: InboxApi;
  db: Knex;
  registry: Registry;
  enrichers: PluginEnricherCalls;
  /** Inputs the `shop` test plugin's and the `zapier` stand-in's actions received, in order. */
  shopCalls: { action: string; input: unknown }[];
  close(): Promise<void>;
}

/** A trusted plugin with an order lookup (answers an order) and an action that always fails. */
function shopPlugin(calls: FlowHost['shopCalls']) {
  return definePlugin({
    id: 'shop',
    version: '0.0.0',
    actions: {
      lookupOrder: {
        input: { type: 'object', required: ['number'], properties: { number: { type: 'string' } } },
        output: { type: 'object' },
        run: (input) => {
          calls.push({ action: 'lookupOrder', input });
          return { number: (input as { number: string }).number, status: 'shipped', eta: 'Friday' };
        },
      },
      broken: {
        input: { type: 'object' },
        output: { type: 'object' },
        run: (input) => {
          calls.push({ action: 'broken', input });
          throw new Error('the shop is down');
        },
      },
    },
  });
}

/** Stands in for the Zapier plugin's `sendSignedWebhook` (the abandoned-cart preset's action): records its input. */
function zapierStandIn(calls: FlowHost['shopCalls']) {
  return definePlugin({
    id: 'zapier',
    version: '0.0.0',
    actions: {
      sendSignedWebhook: {
        input: {
          type: 'object',
          required: ['url', 'event', 'data'],
          properties: { url: { type: 'string' }, event: { type: 'string' }, data: {} },
        },
        output: { type: 'object' },
        run: (input) => {
          calls.push({ action: 'sendSignedWebhook', input });
          return { status: 200, attempts: 1, deliveryId: 'd1' };
        },
      },
    },
  });
}

/** A real test host (PGlite, or Postgres with DATABASE_URL) running the inbox, automation, the `shop` plugin and a `zapier` stand-in. */
export async function startFlowHost(opts: TestHostOptions = {}): Promise<FlowHost> {
  let api: InboxApi | undefined;
  let db: Knex | undefined;
  let registry: Registry | undefined;
  let enrichers: PluginEnricherCalls | undefined;
  const shopCalls: FlowHost['shopCalls'] = [];
  const probe = definePlugin({
    id: 'flow-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0' },
    services: ['pluginEnrichers'],
    init(ctx) {
      api = ctx.use<InboxApi>('inbox');
      db = ctx.db;
      registry = ctx.metrics;
      enrichers = ctx.services.pluginEnrichers;
    },
  });
  const host = await startTestHost({ ...opts, plugins: [inbox, automation, probe, shopPlugin(shopCalls), zapierStandIn(shopCalls)] });
  return { host, inbox: api!, db: db!, registry: registry!, enrichers: enrichers!, shopCalls, close: () => host.close() };
}

/** Sets the flows consumers' cursors back to the start while no host runs (the next host redelivers every message). */
export async function rewindFlowConsumers(database: TestDatabase): Promise<void> {
  const sql = `UPDATE host_event_consumers SET pos = 0 WHERE name LIKE 'automation:flows%'`;
  if (database.backend === 'postgres') {
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return;
  }
  const db = await PGlite.create(path.join(database.dataDir, 'pglite'));
  await db.query(sql).finally(() => db.close());
}
