import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import { createFlow } from '../../src/flows/flows.js';
import type { FlowDefinition } from '../../src/flows/flow-schema.js';
import { createTeam, inbound, type Team } from '../support/automation-host.js';
import { startFlowHost, type FlowHost } from '../support/flow-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

type RunRow = {
  id: string;
  status: string;
  current_step: string;
  steps: { id: string; type: string; ok: boolean; ms: number; outcome?: string; error?: string }[];
  vars: Record<string, unknown>;
  error: string | null;
};

/** An order helper: asks for the order number, looks it up, tells the AI assist, answers; "agent" hands over. */
const orderFlow: FlowDefinition = {
  steps: [
    {
      id: 'hello',
      type: 'send_message',
      text: 'Hi {{contact.name}}!',
      components: [
        {
          type: 'quick_replies',
          text: 'Pick one',
          options: [
            { label: 'My order', value: 'order' },
            { label: 'A person', value: 'agent' },
          ],
        },
      ],
    },
    { id: 'which', type: 'ask', text: 'Your order number, or "agent"?', timeoutSeconds: 600, saveAs: 'answer', onTimeout: 'bye' },
    {
      id: 'route',
      type: 'branch',
      cases: [{ conditions: { match: 'any', items: [{ field: 'reply.value', op: 'equals', value: 'agent' }] }, next: 'human' }],
      otherwise: 'lookup',
    },
    { id: 'lookup', type: 'call_plugin', pluginId: 'shop', action: 'lookupOrder', input: { number: '{{vars.answer}}' }, saveAs: 'order' },
    { id: 'tell-ai', type: 'ai_context', title: 'Order asked about', text: 'Order {{vars.order.number}} is {{vars.order.status}}' },
    {
      id: 'answer',
      type: 'send_message',
      text: 'Order {{vars.order.number}} is {{vars.order.status}}, arriving {{vars.order.eta}}.',
      next: 'end',
    },
    { id: 'human', type: 'handover', text: 'A colleague takes over.', strategy: 'round_robin' },
    { id: 'bye', type: 'send_message', text: 'No answer: write again any time.' },
  ],
};

describe('automation flows', () => {
  let a: FlowHost;
  let team: Team;
  before(async function () {
    this.timeout(180_000);
    a = await startFlowHost({ config: fast });
    team = await createTeam(a.host);
  });
  after(async () => {
    await a?.close();
  });

  const run = (id: string) => a.db('automation_flow_runs').where({ id }).first() as Promise<RunRow>;
  const runsOf = (flowId: string) => a.db('automation_flow_runs').where({ flow_id: flowId }) as Promise<RunRow[]>;
  const bots = async (conversationId: string) =>
    (await a.inbox.listMessagesSince(team.tenantId, conversationId, 0)).filter((m) => m.authorKind === 'bot');

  async function start(flowId: string, conversationId: string): Promise<RunRow> {
    const res = await fetch(`${a.host.url}/api/v1/automation-flows/${flowId}/runs`, {
      method: 'POST',
      headers: { ...team.admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    return run(((await res.json()) as { id: string }).id);
  }

  it('send a message with its components, wait for the answer, branch, call a plugin, tell the AI assist, and end', async () => {
    const flow = await createFlow(a.db, { tenantId: team.tenantId, name: 'orders', definition: orderFlow });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('where is my parcel?', 'flow-orders'));
    const started = await start(flow.id, conversation.id);
    expect(started.status).to.equal('waiting');
    expect(started.current_step).to.equal('which');
    const [hello, question] = await bots(conversation.id);
    expect(hello!.body).to.equal('Hi Ann Visitor!');
    expect((hello!.payload as { components?: unknown }).components).to.deep.equal(
      orderFlow.steps[0]!.type === 'send_message' && orderFlow.steps[0]!.components,
    );
    expect(question!.body).to.equal('Your order number, or "agent"?');

    await a.inbox.ingestInbound(team.tenantId, inbound('#1001', 'flow-orders'));
    const done = await waitFor(async () => ((await run(started.id)).status === 'done' ? run(started.id) : undefined), {
      what: 'the run to end',
    });
    expect(done.steps.map((s) => [s.id, s.type, s.outcome ?? null])).to.deep.equal([
      ['hello', 'send_message', null],
      ['which', 'ask', 'waiting'],
      ['which', 'reply', 'reply'],
      ['route', 'branch', 'otherwise'],
      ['lookup', 'call_plugin', null],
      ['tell-ai', 'ai_context', null],
      ['answer', 'send_message', null],
    ]);
    expect(done.steps.every((s) => s.ok && Number.isInteger(s.ms))).to.equal(true);
    expect(a.shopCalls).to.deep.include({ action: 'lookupOrder', input: { number: '#1001' } });
    expect((await bots(conversation.id)).at(-1)!.body).to.equal('Order #1001 is shipped, arriving Friday.');
    // The AI assist reads every plugin's enrichers: automation's answers what the flow found out.
    const found = (await a.enrichers.collect(team.tenantId, { contact: {}, conversationId: conversation.id })).find(
      (r) => r.pluginId === 'automation',
    );
    expect(found?.status).to.equal('ok');
    expect((found!.data as { items: { title: string; data: unknown }[] }).items.map((i) => [i.title, i.data])).to.deep.equal([
      ['Order asked about', { text: 'Order #1001 is shipped' }],
    ]);
    const metric = await a.registry.getSingleMetric('bacon_automation_flow_step_seconds')?.get();
    expect(metric?.values.some((v) => v.labels.type === 'call_plugin' && v.labels.outcome === 'ok')).to.equal(true);
  });

  it('hand over to a person when the answer says so', async () => {
    // To a named agent: round robin depends on who is available, which this test does not arrange.
    const definition: FlowDefinition = {
      steps: orderFlow.steps.map((s) =>
        s.type === 'handover' ? { id: s.id, type: 'handover', text: s.text, agentId: team.agent.user.id } : s,
      ),
    };
    const flow = await createFlow(a.db, { tenantId: team.tenantId, name: 'orders 2', definition });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('help', 'flow-handover'));
    const started = await start(flow.id, conversation.id);
    await a.inbox.ingestInbound(team.tenantId, {
      ...inbound('A person', 'flow-handover'),
      metadata: { reply: { value: 'agent', label: 'A person' } },
    });
    const ended = await waitFor(
      async () => {
        const r = await run(started.id);
        if (r.status === 'failed') throw new Error(`the run failed: ${r.error}`);
        return r.status === 'handed_over' ? r : undefined;
      },
      { what: 'the handover' },
    ).catch(async (err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(await run(started.id))}`);
    });
    expect(ended.steps.at(-1)).to.include({ id: 'human', type: 'handover', ok: true });
    expect([team.agent.user.id, team.admin.user.id]).to.include(
      (await a.inbox.getConversation(team.tenantId, conversation.id))!.assigneeId,
    );
    expect((await bots(conversation.id)).at(-1)!.body).to.equal('A colleague takes over.');
  });

  it('take the timeout branch when the visitor does not answer in time, and ignore a late answer', async () => {
    const flow = await createFlow(a.db, {
      tenantId: team.tenantId,
      name: 'quick question',
      definition: {
        steps: [
          { id: 'q', type: 'ask', text: 'Still there?', timeoutSeconds: 1, onTimeout: 'gone' },
          { id: 'yes', type: 'send_message', text: 'Great.', next: 'end' },
          { id: 'gone', type: 'send_message', text: 'Closing the loop.' },
        ],
      },
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hi', 'flow-timeout'));
    const started = await start(flow.id, conversation.id);
    const ended = await waitFor(async () => ((await run(started.id)).status === 'done' ? run(started.id) : undefined), {
      what: 'the timeout',
      timeoutMs: 30_000,
    });
    expect(ended.steps.map((s) => s.type)).to.deep.equal(['ask', 'timeout', 'send_message']);
    await a.inbox.ingestInbound(team.tenantId, inbound('yes!', 'flow-timeout'));
    // The late answer is a message the flows consumer sees: prove it saw it (a later run answered), then that this one stayed put.
    const other = await start(flow.id, conversation.id);
    await a.inbox.ingestInbound(team.tenantId, inbound('here', 'flow-timeout'));
    await waitFor(async () => ((await run(other.id)).status === 'done' ? true : undefined), { what: 'the second run answered' });
    expect((await run(started.id)).steps).to.have.length(3);
    expect((await bots(conversation.id)).map((m) => m.body)).to.deep.equal(['Still there?', 'Closing the loop.', 'Still there?', 'Great.']);
  });

  it('go to onError when a plugin action fails, and fail the run without one', async () => {
    const flow = await createFlow(a.db, {
      tenantId: team.tenantId,
      name: 'fragile',
      definition: {
        steps: [
          { id: 'try', type: 'call_plugin', pluginId: 'shop', action: 'broken', input: {}, onError: 'sorry' },
          { id: 'ok', type: 'send_message', text: 'worked', next: 'end' },
          { id: 'sorry', type: 'send_message', text: 'That did not work.' },
          { id: 'again', type: 'call_plugin', pluginId: 'shop', action: 'broken', input: {} },
        ],
      },
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hi'));
    const r = await start(flow.id, conversation.id);
    expect(r.status).to.equal('failed');
    expect(r.error).to.match(/step again \(call_plugin\) failed: .*shop is down/);
    expect(r.steps.map((s) => [s.id, s.ok])).to.deep.equal([
      ['try', true],
      ['sorry', true],
      ['again', false],
    ]);
    expect(r.steps[0]!.outcome).to.match(/^error: /);
    expect((await bots(conversation.id)).map((m) => m.body)).to.deep.equal(['That did not work.']);
  });

  it('start from a rule once per event (start_flow)', async () => {
    const flow = await createFlow(a.db, {
      tenantId: team.tenantId,
      name: 'returns',
      definition: { steps: [{ id: 'info', type: 'send_message', text: 'Returns are free within 30 days.' }] },
    });
    // Through the API: it drops the tenant's rule cache on every host.
    const res = await fetch(`${a.host.url}/api/v1/automation-rules`, {
      method: 'POST',
      headers: { ...team.admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'returns keyword',
        definition: { triggers: [{ type: 'message.received', keywords: ['return'] }], actions: [{ type: 'start_flow', flowId: flow.id }] },
      }),
    });
    expect(res.status, await res.text()).to.equal(201);
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('how do I return this?'));
    const [r] = await waitFor(
      async () => {
        const rows = await runsOf(flow.id);
        return rows.length === 1 && rows[0]!.status === 'done' ? rows : undefined;
      },
      { what: 'the rule to start the flow' },
    );
    expect(r!.steps.map((s) => s.id)).to.deep.equal(['info']);
    expect((await bots(conversation.id)).map((m) => m.body)).to.deep.equal(['Returns are free within 30 days.']);
  });
});
