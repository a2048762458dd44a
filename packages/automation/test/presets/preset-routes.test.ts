import { expect } from 'chai';
import request from 'supertest';
import { waitFor } from '@bacon/host/testing';
import { PRESETS } from '../../src/presets/presets.js';
import { missingActions } from '../../src/presets/preset-routes.js';
import { createTeam, inbound, type Team } from '../support/automation-host.js';
import { startFlowHost, type FlowHost } from '../support/flow-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

describe('automation presets', () => {
  let a: FlowHost;
  let team: Team;
  let http: ReturnType<typeof request>;
  before(async function () {
    this.timeout(180_000);
    a = await startFlowHost({ config: fast });
    team = await createTeam(a.host);
    http = request(a.host.app.callback());
  });
  after(async () => {
    await a?.close();
  });

  it('are listed with their params and whether this host has every action they use', async () => {
    const res = await http.get('/api/v1/automation-presets').set(team.admin.headers);
    expect(res.status, res.text).to.equal(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).to.deep.equal([
      'welcome',
      'abandoned-cart',
      'keyword-escalation',
      'after-hours',
    ]);
    for (const p of res.body.items) expect(p.available).to.equal(p.missingActions.length === 0);
  });

  // Each preset whose actions this host has installs as a valid rule (the schema validates it on the way out).
  for (const preset of PRESETS.filter((p) => missingActions(p).length === 0)) {
    it(`install ${preset.id} with its defaults as a rule the API answers`, async () => {
      const res = await http
        .post(`/api/v1/automation-presets/${preset.id}/install`)
        .set(team.admin.headers)
        .send({ name: `preset ${preset.id}` });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.include({ name: `preset ${preset.id}`, version: 1, enabled: true });
    });
  }

  it('refuse params their schema refuses', async () => {
    const res = await http
      .post('/api/v1/automation-presets/abandoned-cart/install')
      .set(team.admin.headers)
      .send({ name: 'bad cart', params: { url: 'http://insecure.example' } });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('validation_failed');
  });

  it('welcome: greet a web visitor when the conversation starts', async () => {
    const t = await createTeam(a.host);
    const res = await http
      .post('/api/v1/automation-presets/welcome/install')
      .set(t.admin.headers)
      .send({ params: { text: 'Welcome, {{contact.name}}.' } });
    expect(res.status, res.text).to.equal(201);
    const { conversation } = await a.inbox.ingestInbound(t.tenantId, inbound('hello'));
    const bot = await waitFor(
      async () => (await a.inbox.listMessagesSince(t.tenantId, conversation.id, 0)).find((m) => m.authorKind === 'bot'),
      { what: 'the welcome message' },
    );
    expect(bot.body).to.equal('Welcome, Ann Visitor.');
  });

  it("abandoned cart: a Shopify checkout_abandoned trigger over the amount reaches Zapier's signed webhook with the customer and link", async () => {
    const t = await createTeam(a.host);
    const res = await http
      .post('/api/v1/automation-presets/abandoned-cart/install')
      .set(t.admin.headers)
      .send({ params: { minTotal: 75, url: 'https://hooks.example.test/abandoned' } });
    expect(res.status, res.text).to.equal(201);
    const { knex } = a.host.services.db;
    // The payload the Shopify plugin's checkout_abandoned trigger emits (official-plugins/shopify/src/webhooks.ts).
    const checkout = (id: string, totalPrice: string) => ({
      checkoutId: id,
      token: `tok-${id}`,
      email: `buyer-${id}@example.test`,
      phone: null,
      customerName: 'Bea Buyer',
      totalPrice,
      currency: 'EUR',
      recoveryUrl: `https://shop.example.test/recover/${id}`,
      lineItems: [],
      createdAt: '2026-12-01T10:00:00Z',
      updatedAt: '2026-12-01T10:00:00Z',
      shopDomain: 'shop.example.test',
      webhookId: null,
      topic: 'checkouts/update',
    });
    for (const payload of [checkout('small', '20.00'), checkout('big', '120.50')]) {
      await knex.transaction((trx) =>
        a.host.services.events.append(trx, [{ topic: 'trigger.shopify.checkout_abandoned', tenantId: t.tenantId, key: null, payload }]),
      );
    }
    const call = await waitFor(() => a.shopCalls.find((c) => c.action === 'sendSignedWebhook'), {
      what: 'the webhook call',
      timeoutMs: 20_000,
    });
    expect(call.input).to.deep.equal({
      url: 'https://hooks.example.test/abandoned',
      event: 'checkout_abandoned',
      data: {
        email: 'buyer-big@example.test',
        name: 'Bea Buyer',
        total: '120.50 EUR',
        recoveryUrl: 'https://shop.example.test/recover/big',
      },
    });
    // The small cart was delivered too (every partition of the rules consumer is past both events), and sent nothing.
    const { last } = (await a.db('host_events').max({ last: 'pos' }).first()) as { last: number };
    await waitFor(
      async () => {
        const rows = (await a.db('host_event_consumers').where('name', 'like', 'automation:rules%')) as { pos: string }[];
        return rows.length > 0 && rows.every((r) => Number(r.pos) >= Number(last));
      },
      { what: 'the rules consumer past both checkouts', timeoutMs: 20_000 },
    );
    expect(a.shopCalls.filter((c) => c.action === 'sendSignedWebhook')).to.have.length(1);
  });

  it('keyword escalation: "refund" raises the priority, tags, and tells the visitor; other words do nothing', async () => {
    expect(missingActions(PRESETS.find((p) => p.id === 'keyword-escalation')!), 'every action it uses exists').to.deep.equal([]);
    const t = await createTeam(a.host);
    const res = await http
      .post('/api/v1/automation-presets/keyword-escalation/install')
      .set(t.admin.headers)
      .send({ params: { keywords: 'refund, cancel', tag: 'escalation' } });
    expect(res.status, res.text).to.equal(201);
    const quiet = (await a.inbox.ingestInbound(t.tenantId, inbound('where is my parcel?'))).conversation;
    const loud = (await a.inbox.ingestInbound(t.tenantId, inbound('I want a REFUND now'))).conversation;
    const escalated = await waitFor(
      async () => {
        const c = await a.inbox.getConversation(t.tenantId, loud.id);
        return c?.priority === 'high' && c.tags.includes('escalation') ? c : undefined;
      },
      { what: 'the escalated conversation' },
    );
    expect(escalated.tags).to.include('escalation');
    const bot = await waitFor(async () => (await a.inbox.listMessagesSince(t.tenantId, loud.id, 0)).find((m) => m.authorKind === 'bot'), {
      what: 'the escalation message',
    });
    expect(bot.body).to.equal('I am passing you to a colleague right away.');
    // Every partition of the rules consumer is past the quiet message too, so the rule has seen it.
    const { last } = (await a.db('host_events').max({ last: 'pos' }).first()) as { last: number };
    await waitFor(
      async () => {
        const rows = (await a.db('host_event_consumers').where('name', 'like', 'automation:rules%')) as { pos: string }[];
        return rows.length > 0 && rows.every((r) => Number(r.pos) >= Number(last));
      },
      { what: 'the rules consumer past both messages', timeoutMs: 20_000 },
    );
    const untouched = await a.inbox.getConversation(t.tenantId, quiet.id);
    expect(untouched?.priority).to.not.equal('high');
    expect(untouched?.tags ?? []).to.not.include('escalation');
  });
});
