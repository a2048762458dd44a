import { expect } from 'chai';
import request from 'supertest';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, type TestHost } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '../../src/index.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

/** A plugin whose enricher answers at once and which offers an order look-up in conversations. */
const orders = definePlugin({
  id: 'orders-test',
  version: '0.0.0',
  title: 'Orders',
  enrichers: { recent: { title: 'Recent orders', run: (input) => ({ orders: [{ number: '#1001' }], email: input.contact.email }) } },
  actions: {
    lookup: {
      title: 'Look up order',
      input: { type: 'object', required: ['orderNumber'], properties: { orderNumber: { type: 'string' }, email: { type: 'string' } } },
      conversation: { label: 'Look up order', prefill: { email: 'contact.email' }, note: { summary: 'summary', url: 'url' } },
      run: (input: { orderNumber: string }) => ({ summary: `Order ${input.orderNumber}: shipped`, url: 'https://shop.example/orders/1' }),
    },
    hidden: { input: { type: 'object' }, run: () => ({}) },
  },
});

/** A plugin whose enricher never answers. */
let release: () => void = () => undefined;
const slow = definePlugin({
  id: 'slow-test',
  version: '0.0.0',
  enrichers: { never: { title: 'Slow CRM', run: () => new Promise((resolve) => (release = () => resolve({}))) } },
});

describe('plugins in the conversation (/conversations/:id/context, /plugin-actions)', function () {
  this.timeout(120000);
  let host: TestHost;
  let api!: InboxApi;
  let team: Team;
  let http: ReturnType<typeof request>;
  const probe = definePlugin({
    id: 'ctx-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
  });

  before(async () => {
    host = await startTestHost({ plugins: [inbox, probe, orders, slow] });
    team = await createTeam(host, 1);
    http = request(host.app.callback());
  });
  after(async () => {
    release();
    await host?.close();
  });

  const conversation = async () =>
    (
      await api.ingestInbound(
        team.tenantId,
        inbound({ contact: { externalId: `v-${Math.random()}`, name: 'Ada', email: 'ada@example.com' }, text: 'Where is #1001?' }),
      )
    ).conversation.id;

  it("answers each plugin's context for the contact; a plugin past the budget is a timeout with its reason", async () => {
    const id = await conversation();
    const r = await http.get(`/api/v1/conversations/${id}/context`).set(team.agents[0]!.headers);
    expect(r.status).to.equal(200);
    const byPlugin = Object.fromEntries(r.body.results.map((x: { pluginId: string }) => [x.pluginId, x]));
    expect(byPlugin['orders-test']).to.include({ status: 'ok', title: 'Recent orders' });
    expect(byPlugin['orders-test'].data).to.deep.equal({ orders: [{ number: '#1001' }], email: 'ada@example.com' });
    expect(byPlugin['slow-test']).to.include({ status: 'timeout' });
    expect(byPlugin['slow-test'].reason).to.match(/No answer within \d+ ms/);
  });

  it('lists the actions offered in conversations, prefilled from the conversation', async () => {
    const id = await conversation();
    const r = await http.get(`/api/v1/conversations/${id}/plugin-actions`).set(team.agents[0]!.headers);
    expect(r.status).to.equal(200);
    expect(r.body.actions).to.have.length(1);
    expect(r.body.actions[0]).to.include({ pluginId: 'orders-test', action: 'lookup', label: 'Look up order', pluginTitle: 'Orders' });
    expect(r.body.actions[0].prefill).to.deep.equal({ email: 'ada@example.com' });
    expect(r.body.actions[0].input.required).to.deep.equal(['orderNumber']);
  });

  it('runs an action as the agent and posts its result as a private note with the link', async () => {
    const id = await conversation();
    const r = await http
      .post(`/api/v1/conversations/${id}/plugin-actions/orders-test/lookup`)
      .set(team.agents[0]!.headers)
      .send({ input: { orderNumber: '#1001' } });
    expect(r.status).to.equal(200);
    expect(r.body.note.body).to.equal('Orders · Look up order\nOrder #1001: shipped\nhttps://shop.example/orders/1');
    const notes = await http.get(`/api/v1/conversations/${id}/notes`).set(team.agents[0]!.headers);
    expect(notes.body.items.map((n: { body: string }) => n.body)).to.include(r.body.note.body);
  });

  it('refuses an action not offered in conversations, bad input, and an unknown conversation, without a note', async () => {
    const id = await conversation();
    const hidden = await http
      .post(`/api/v1/conversations/${id}/plugin-actions/orders-test/hidden`)
      .set(team.agents[0]!.headers)
      .send({ input: {} });
    expect(hidden.status).to.equal(404);
    expect(hidden.body.error.code).to.equal('plugin_action_not_offered');
    const bad = await http
      .post(`/api/v1/conversations/${id}/plugin-actions/orders-test/lookup`)
      .set(team.agents[0]!.headers)
      .send({ input: {} });
    expect(bad.status).to.equal(400);
    const missing = await http.get('/api/v1/conversations/00000000-0000-4000-8000-000000000000/context').set(team.agents[0]!.headers);
    expect(missing.status).to.equal(404);
    const notes = await http.get(`/api/v1/conversations/${id}/notes`).set(team.agents[0]!.headers);
    expect(notes.body.items).to.have.length(0);
  });
});
