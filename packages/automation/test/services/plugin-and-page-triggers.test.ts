import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import { createRule } from '../../src/services/rules.js';
import { createTeam, inbound, startAutomationHost, type AutomationHost, type Team } from '../support/automation-host.js';

describe('plugin triggers and page facts', () => {
  let a: AutomationHost;
  let team: Team;
  before(async function () {
    this.timeout(180_000); // a PGlite host starts in seconds, in a minute on a machine shared by many test runs
    a = await startAutomationHost({ config: { eventsPollMs: 100, eventsLeaseMs: 1500 } });
    team = await createTeam(a.host);
  });
  after(async () => {
    await a?.close();
  });

  const evaluations = (ruleId: string) =>
    a.db('automation_evaluations').where({ rule_id: ruleId }) as Promise<{ status: string; trigger: string; error: string | null }[]>;

  it("fire on a plugin's trigger event (a checkout abandoned) with its payload as trigger.*, and not on another trigger", async () => {
    const abandoned = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'abandoned checkout follow-up',
      definition: {
        triggers: [{ type: 'plugin', pluginId: 'shop', name: 'checkout_abandoned' }],
        conditions: { match: 'all', items: [{ field: 'trigger.total', op: 'gt', value: 50 }] },
        actions: [
          {
            type: 'call_plugin',
            pluginId: 'crm',
            action: 'upsert',
            input: { email: '{{trigger.email}}', note: 'cart {{trigger.cartUrl}}' },
          },
        ],
      },
    });
    const other = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'orders',
      definition: {
        triggers: [{ type: 'plugin', pluginId: 'shop', name: 'order_paid' }],
        actions: [{ type: 'call_plugin', pluginId: 'crm', action: 'upsert', input: { email: 'never@example.test' } }],
      },
    });
    const { knex } = a.host.services.db;
    const append = (payload: object) =>
      knex.transaction((trx) =>
        a.host.services.events.append(trx, [{ topic: 'trigger.shop.checkout_abandoned', tenantId: team.tenantId, key: null, payload }]),
      );
    await append({ email: 'small@example.test', total: 10, cartUrl: 'https://shop.example/c/1' });
    await append({ email: 'big@example.test', total: 120, cartUrl: 'https://shop.example/c/2' });
    const [row] = await waitFor(
      async () => {
        const r = await evaluations(abandoned.id);
        return r.some((x) => x.status !== 'running') ? r : undefined;
      },
      { what: 'the abandoned-checkout rule' },
    );
    expect(row!.status, row!.error ?? '').to.equal('done');
    expect(row!.trigger).to.equal('trigger.shop.checkout_abandoned');
    expect(a.crmCalls).to.deep.include({ email: 'big@example.test', note: 'cart https://shop.example/c/2' });
    expect(a.crmCalls).to.not.deep.include({ email: 'small@example.test', note: 'cart https://shop.example/c/1' });
    expect(await evaluations(abandoned.id), 'the small cart fails the condition').to.have.length(1);
    expect(await evaluations(other.id)).to.have.length(0);
  });

  it('let conditions read the page a widget message was sent from', async () => {
    const team = await createTeam(a.host); // its own tenant: the rules of the other are cached for 5 s
    const pricing = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'pricing page',
      definition: {
        triggers: [{ type: 'message.received' }],
        conditions: {
          match: 'all',
          items: [
            { field: 'page.url', op: 'matches', value: '^https://shop\\.example/pricing' },
            { field: 'page.title', op: 'contains', value: 'plans' },
          ],
        },
        actions: [{ type: 'send_message', text: 'Questions about {{page.title}}? Ask away.' }],
      },
    });
    const onPage = (text: string, url: string) => ({
      ...inbound(text),
      metadata: { page: { url, title: 'Pricing plans', referrer: '' } },
    });
    const elsewhere = await a.inbox.ingestInbound(team.tenantId, onPage('hello', 'https://shop.example/blog'));
    const there = await a.inbox.ingestInbound(team.tenantId, onPage('hello', 'https://shop.example/pricing?ref=ad'));
    await waitFor(async () => (await evaluations(pricing.id)).some((x) => x.status === 'done'), { what: 'the pricing-page rule' });
    const replies = await a.inbox.listMessagesSince(team.tenantId, there.conversation.id, 0);
    expect(replies.map((m) => m.body)).to.deep.equal(['hello', 'Questions about Pricing plans? Ask away.']);
    const none = await a.inbox.listMessagesSince(team.tenantId, elsewhere.conversation.id, 0);
    expect(
      none.map((m) => m.body),
      'the blog page does not match (same path, evaluated first)',
    ).to.deep.equal(['hello']);
    expect(await evaluations(pricing.id)).to.have.length(1);
  });
});
