import { expect } from 'chai';
import { createTestDatabase, waitFor, type TestDatabase } from '@bacon/host/testing';
import { createFlow } from '../../src/flows/flows.js';
import { createTeam, inbound } from '../support/automation-host.js';
import { rewindFlowConsumers, startFlowHost, type FlowHost } from '../support/flow-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

type RunRow = { id: string; status: string; steps: { type: string }[] };

describe('a flow run across a host restart', () => {
  let db: TestDatabase | undefined;
  const hosts: FlowHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
    await db?.drop();
    db = undefined;
  });

  /** Starts a run as an admin does (the route calls what the start_flow action calls). */
  async function begin(h: FlowHost, admin: { headers: Record<string, string> }, flowId: string, conversationId: string) {
    const res = await fetch(`${h.host.url}/api/v1/automation-flows/${flowId}/runs`, {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId }),
    });
    expect(res.status).to.equal(201);
    return (await res.json()) as { id: string; status: string };
  }

  it('resumes a waiting run exactly once on the reply that comes after the restart, even when every message is delivered again', async () => {
    db = await createTestDatabase();
    const a = await startFlowHost({ database: db, config: fast });
    hosts.push(a);
    const team = await createTeam(a.host);
    const flow = await createFlow(a.db, {
      tenantId: team.tenantId,
      name: 'survey',
      definition: {
        steps: [
          { id: 'q', type: 'ask', text: 'How was it, 1 to 5?', timeoutSeconds: 3600 },
          { id: 'thanks', type: 'send_message', text: 'Thanks for the {{vars.reply}}.' },
        ],
      },
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('bye', 'restart-flow'));
    const run = await begin(a, team.admin, flow.id, conversation.id);
    expect(run.status).to.equal('waiting');
    await a.close();
    hosts.splice(0);
    await rewindFlowConsumers(db);

    const b = await startFlowHost({ database: db, config: fast });
    hosts.push(b);
    await b.inbox.ingestInbound(team.tenantId, inbound('5', 'restart-flow'));
    const done = await waitFor(
      async () => {
        const r = (await b.db('automation_flow_runs').where({ id: run.id }).first()) as RunRow;
        return r.status === 'done' ? r : undefined;
      },
      { what: 'the run to resume on the reply', timeoutMs: 30_000 },
    );
    expect(done.steps.map((s) => s.type)).to.deep.equal(['ask', 'reply', 'send_message']);
    // A second question and its answer: once that answer got through, every earlier message was delivered
    // again (one conversation is delivered in order), and none answered the first run a second time.
    const second = await begin(b, team.admin, flow.id, conversation.id);
    await b.inbox.ingestInbound(team.tenantId, inbound('4', 'restart-flow'));
    await waitFor(async () => ((await b.db('automation_flow_runs').where({ id: second.id }).first()) as RunRow).status === 'done', {
      what: 'the second run answered',
      timeoutMs: 30_000,
    });
    expect(((await b.db('automation_flow_runs').where({ id: run.id }).first()) as RunRow).steps).to.have.length(3);
    const bots = (await b.inbox.listMessagesSince(team.tenantId, conversation.id, 0)).filter((m) => m.authorKind === 'bot');
    expect(bots.map((m) => m.body)).to.deep.equal(['How was it, 1 to 5?', 'Thanks for the 5.', 'How was it, 1 to 5?', 'Thanks for the 4.']);
  });

  it('times a wait out once after a restart, when its due time passed while no host ran', async () => {
    db = await createTestDatabase();
    const a = await startFlowHost({ database: db, config: fast });
    hosts.push(a);
    const team = await createTeam(a.host);
    const flow = await createFlow(a.db, {
      tenantId: team.tenantId,
      name: 'nudge',
      definition: {
        steps: [
          { id: 'q', type: 'ask', text: 'Still there?', timeoutSeconds: 2, onTimeout: 'late' },
          { id: 'late', type: 'send_message', text: 'We will be here.' },
        ],
      },
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hm', 'restart-timeout'));
    const run = await begin(a, team.admin, flow.id, conversation.id);
    await a.close();
    hosts.splice(0);
    const b = await startFlowHost({ database: db, config: fast });
    hosts.push(b);
    const done = await waitFor(
      async () => {
        const r = (await b.db('automation_flow_runs').where({ id: run.id }).first()) as RunRow;
        return r.status === 'done' ? r : undefined;
      },
      { what: 'the wait to time out', timeoutMs: 60_000 },
    );
    expect(done.steps.map((s) => s.type)).to.deep.equal(['ask', 'timeout', 'send_message']);
    const bots = (await b.inbox.listMessagesSince(team.tenantId, conversation.id, 0)).filter((m) => m.authorKind === 'bot');
    expect(bots.map((m) => m.body)).to.deep.equal(['Still there?', 'We will be here.']);
  });
});
