import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { Knex } from 'knex';
import type { Registry } from 'prom-client';
import { definePlugin } from '@bacon/sdk';
import {
  createTestTenant,
  createTestUser,
  startTestHost,
  type TestHost,
  type TestDatabase,
  type TestHostOptions,
  type TestUser,
} from '@bacon/host/testing';
import type { InboundInput, InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import automation from '../../src/index.js';

export interface AutomationHost {
  host: TestHost;
  inbox: InboxApi;
  db: Knex;
  registry: Registry;
  /** Inputs the `crm` test plugin's `upsert` action received. */
  crmCalls: unknown[];
  /** Payloads of `automation.notification` heard on the live bus. */
  notifications: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A trusted plugin with one action, the target of `call_plugin` actions. */
function crmPlugin(calls: unknown[]) {
  return definePlugin({
    id: 'crm',
    version: '0.0.0',
    actions: {
      upsert: {
        input: { type: 'object', required: ['email'], properties: { email: { type: 'string' }, note: { type: 'string' } } },
        output: { type: 'object' },
        run: (input) => {
          calls.push(input);
          return { ok: true };
        },
      },
    },
  });
}

/** A real test host (PGlite, or Postgres with DATABASE_URL) running the inbox and automation. */
export async function startAutomationHost(opts: TestHostOptions = {}): Promise<AutomationHost> {
  let api: InboxApi | undefined;
  let db: Knex | undefined;
  let registry: Registry | undefined;
  const crmCalls: unknown[] = [];
  const notifications: Record<string, unknown>[] = [];
  const probe = definePlugin({
    id: 'automation-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0' },
    init(ctx) {
      api = ctx.use<InboxApi>('inbox');
      db = ctx.db;
      registry = ctx.metrics;
      ctx.bus.subscribe('automation.notification', (e) => void notifications.push(e.payload as Record<string, unknown>));
    },
  });
  const host = await startTestHost({ ...opts, plugins: [inbox, automation, probe, crmPlugin(crmCalls)] });
  return { host, inbox: api!, db: db!, registry: registry!, crmCalls, notifications, close: () => host.close() };
}

export interface Team {
  tenantId: string;
  admin: TestUser;
  agent: TestUser;
}

export async function createTeam(host: TestHost): Promise<Team> {
  const { id: tenantId } = await createTestTenant(host);
  const admin = await createTestUser(host, { role: 'admin', tenantId });
  const agent = await createTestUser(host, { role: 'agent', tenantId });
  return { tenantId, admin, agent };
}

/** An inbound web message from a visitor. */
export function inbound(text: string, thread = `thread-${randomUUID()}`): InboundInput {
  return {
    channel: 'web',
    externalConversationId: thread,
    externalMessageId: `msg-${randomUUID()}`,
    contact: { externalId: `visitor-${thread}`, name: 'Ann Visitor', email: 'ann@example.test' },
    text,
  };
}

/** The value of `bacon_automation_evaluations_total{outcome}` on the registry. */
export async function evaluationCount(registry: Registry, outcome: string): Promise<number> {
  const m = await registry.getSingleMetric('bacon_automation_evaluations_total')?.get();
  return m?.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

export interface Hook {
  url: string;
  received: { headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A loopback HTTP server recording what webhooks post to it. */
export async function startHook(status = 200): Promise<Hook> {
  const received: Hook['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(() => r())) };
}

/** Sets the automation consumers' cursors back to the start while no host runs (the next host redelivers every event). */
export async function rewindConsumers(database: TestDatabase): Promise<void> {
  const sql = `UPDATE host_event_consumers SET pos = 0 WHERE name LIKE 'automation:rules%'`;
  if (database.backend === 'postgres') {
    const client = new pg.Client({ connectionString: database.databaseUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return;
  }
  const db = await PGlite.create(path.join(database.dataDir, 'pglite'));
  await db.query(sql).finally(() => db.close());
}
