import { expect } from 'chai';
import { definePlugin, type PluginEnricherCalls } from '@bacon/sdk';
import { startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from './plugin-api.js';

describe('the pluginEnrichers host service', function () {
  this.timeout(60000);
  let host: TestHost;
  let admin: TestUser;
  let other: TestUser;
  let enrichers: PluginEnricherCalls;
  const trusted = definePlugin({
    id: 'first-party',
    version: '0.1.0',
    services: ['pluginEnrichers'],
    enrichers: { notes: { title: 'First-party notes', run: (input) => ({ tenant: input.tenantId }) } },
    init: (ctx) => {
      enrichers = ctx.services.pluginEnrichers;
    },
  });

  before(async () => {
    host = await startTestHost({ plugins: [trusted, fixture('enricher-mix')] });
    admin = await userOf(host, 'admin');
    other = await userOf(host, 'admin');
    expect((await api(host, admin, 'POST', '/api/v1/plugins/enricher-mix/enable', { grants: [] })).status).to.equal(200);
  });
  after(async () => host?.close());

  const contact = { id: 'c1', email: 'ada@example.test' };

  it('answers every enricher in parallel within the budget, with a reason for each that did not answer', async () => {
    const results = await enrichers.collect(admin.user.tenantId, { contact, conversationId: 'conv-1' }, { budgetMs: 1000, maxBytes: 8192 });
    const by = Object.fromEntries(results.map((r) => [`${r.pluginId}/${r.enricher}`, r]));
    expect(Object.keys(by)).to.deep.equal([
      'enricher-mix/broken',
      'enricher-mix/huge',
      'enricher-mix/profile',
      'enricher-mix/stall',
      'first-party/notes',
    ]);
    expect(by['enricher-mix/profile']).to.deep.include({
      status: 'ok',
      title: 'Profile',
      data: { email: 'ada@example.test', conversationId: 'conv-1' },
    });
    expect(by['first-party/notes']).to.deep.include({ status: 'ok', data: { tenant: admin.user.tenantId } });
    expect(by['enricher-mix/stall']).to.deep.include({ status: 'timeout', reason: 'No answer within 1000 ms.' });
    expect(by['enricher-mix/broken']).to.deep.include({ status: 'failed', reason: 'The provider answered 500.' });
    expect(by['enricher-mix/huge']!.status).to.equal('too_large');
    expect(by['enricher-mix/huge']!.reason).to.match(/^The answer was \d+ bytes, over 8192\.$/);
    // The stalled call held up nothing: the answers came back although one never will.
    expect(by['enricher-mix/profile']!.ms).to.be.at.most(by['enricher-mix/stall']!.ms);
  });

  it("leaves out a sandboxed plugin's enrichers for a tenant that did not enable it", async () => {
    const results = await enrichers.collect(other.user.tenantId, { contact }, { budgetMs: 500 });
    expect(results.map((r) => `${r.pluginId}/${r.enricher}`)).to.deep.equal(['first-party/notes']);
  });

  it('reports a plugin whose breaker opened as skipped, without calling it', async () => {
    let results = await enrichers.collect(admin.user.tenantId, { contact }, { budgetMs: 1000, plugins: ['enricher-mix'] });
    for (let i = 0; i < 30 && !results.some((r) => r.enricher === 'broken' && r.status === 'breaker_open'); i++)
      results = await enrichers.collect(admin.user.tenantId, { contact }, { budgetMs: 1000, plugins: ['enricher-mix'] });
    expect(results.find((r) => r.enricher === 'broken')).to.deep.include({
      status: 'breaker_open',
      reason: 'Skipped: the plugin failed too often lately.',
    });
    expect(results.find((r) => r.enricher === 'profile')).to.deep.include({ status: 'ok' });
  });
});
