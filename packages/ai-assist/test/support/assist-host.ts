import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Knex } from 'knex';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestTenant, createTestUser, waitFor, type TestHost, type TestUser } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import { aiAssistPlugin, type AiAssistOptions } from '../../src/index.js';

export interface AssistTestHost {
  host: TestHost;
  db: Knex;
  inbox: InboxApi;
  http: ReturnType<typeof request>;
  /** How many times the fixture's slow enricher was asked. */
  enricherCalls: () => number;
  close(): Promise<void>;
}

/**
 * A real host (PGlite, or Postgres when DATABASE_URL is set) with the inbox, the AI assist and a
 * fixture plugin with two enrichers: `orders` answers, `slow` never does within the budget.
 */
export async function startAssistHost(opts: AiAssistOptions = {}): Promise<AssistTestHost> {
  let probe: { db: Knex; inbox: InboxApi } | undefined;
  let calls = 0;
  const shop = definePlugin({
    id: 'fixture-shop',
    version: '0.0.0',
    enrichers: {
      orders: { title: 'Shop orders', run: () => ({ lastOrder: { number: '#1001', status: 'shipped', total: '42.00 EUR' } }) },
      slow: {
        title: 'Slow CRM',
        run: () => {
          calls++;
          return new Promise((resolve) => setTimeout(() => resolve({ late: true }), 3000).unref());
        },
      },
    },
  });
  const plugin = definePlugin({
    id: 'ai-assist-probe',
    version: '0.0.0',
    dependencies: { inbox: '^0.1.0' },
    init(ctx) {
      probe = { db: ctx.db, inbox: ctx.use<InboxApi>('inbox') };
    },
  });
  const host = await startTestHost({ plugins: [inbox, aiAssistPlugin(opts), shop, plugin] });
  if (!probe) throw new Error('the probe did not start');
  return { host, ...probe, http: request(host.app.callback()), enricherCalls: () => calls, close: () => host.close() };
}

export interface Team {
  tenantId: string;
  admin: TestUser;
  agent: TestUser;
}

export async function createTeam(host: TestHost): Promise<Team> {
  const { id: tenantId } = await createTestTenant(host);
  const admin = await createTestUser(host, { role: 'admin', tenantId, name: 'Ada Admin' });
  const agent = await createTestUser(host, { role: 'agent', tenantId, name: 'Alan Agent' });
  return { tenantId, admin, agent };
}

/** The AI assist settings of the team's tenant (a secret `apiKey` is stored encrypted). */
export async function configure(t: AssistTestHost, team: Team, settings: Record<string, unknown>): Promise<void> {
  const res = await t.http.put('/api/v1/plugins/ai-assist/settings').set(team.admin.headers).send(settings);
  if (res.status !== 200) throw new Error(`settings refused: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A contact with personal data writes `texts` in one conversation (on the web widget, from a page). */
export async function conversationWith(t: AssistTestHost, tenantId: string, texts: string[]): Promise<string> {
  const key = randomUUID();
  let id = '';
  for (const [i, text] of texts.entries()) {
    const { conversation } = await t.inbox.ingestInbound(tenantId, {
      channel: 'web',
      externalConversationId: key,
      externalMessageId: `${key}:${i}`,
      contact: { externalId: `visitor-${key}`, name: 'Grace Hopper', email: 'grace.hopper@example.org', phone: '+44 20 7946 0958' },
      text,
      metadata: { page: { url: 'https://shop.example.test/orders/1001', title: 'Your order' } },
    });
    id = conversation.id;
  }
  return id;
}

export async function agentReply(
  t: AssistTestHost,
  tenantId: string,
  conversationId: string,
  agentId: string,
  text: string,
): Promise<void> {
  await t.inbox.sendAgentMessage(tenantId, conversationId, { authorId: agentId, text });
}

/** The server-sent events of a streamed answer, parsed. */
export function parseSse(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

export { waitFor };
