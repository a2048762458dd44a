import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import { createRule } from '../../src/services/rules.js';
import { createTeam, inbound, startAutomationHost, type AutomationHost } from '../support/automation-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

describe('inactivity timers', () => {
  let a: AutomationHost;
  before(async () => {
    a = await startAutomationHost({ config: fast });
  });
  after(async () => {
    await a?.close();
  });

  const evaluations = (ruleId: string) =>
    a.db('automation_evaluations').where({ rule_id: ruleId }) as Promise<{ status: string; trigger: string; event_id: string }[]>;

  it('fire a rule once when nobody answered the contact in time, and again when the contact is left waiting', async () => {
    const team = await createTeam(a.host);
    const agentSilent = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'no agent reply',
      definition: {
        triggers: [{ type: 'inactivity', waitingFor: 'agent', seconds: 1 }],
        actions: [{ type: 'send_message', text: 'An agent will be with you shortly.' }],
      },
    });
    const visitorSilent = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'no visitor reply',
      definition: {
        triggers: [{ type: 'inactivity', waitingFor: 'visitor', seconds: 1 }],
        actions: [{ type: 'send_message', text: 'Anything else?' }],
      },
    });
    const thread = 'silent-thread';
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hello?', thread));
    await a.inbox.ingestInbound(team.tenantId, inbound('anyone?', thread));
    const fired = await waitFor(async () => (await evaluations(agentSilent.id)).find((e) => e.status === 'done'), {
      what: 'the agent-silence rule',
    });
    expect(fired.trigger).to.equal('automation.inactivity');
    expect(fired.event_id).to.match(/^timer:/);
    await a.inbox.sendAgentMessage(team.tenantId, conversation.id, {
      authorId: team.agent.user.id,
      authorKind: 'agent',
      text: 'Here I am',
    });
    await waitFor(async () => (await evaluations(visitorSilent.id)).find((e) => e.status === 'done'), { what: 'the visitor-silence rule' });
    const bodies = (await a.inbox.listMessagesSince(team.tenantId, conversation.id, 0))
      .filter((m) => m.authorKind === 'bot')
      .map((m) => m.body);
    expect(bodies).to.deep.equal(['An agent will be with you shortly.', 'Anything else?']);
    expect(await evaluations(agentSilent.id)).to.have.length(1);
  });

  it('are cancelled by the reply that ends the silence', async () => {
    const team = await createTeam(a.host);
    const rule = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'no agent reply',
      definition: {
        triggers: [{ type: 'inactivity', waitingFor: 'agent', seconds: 3 }],
        actions: [{ type: 'send_message', text: 'too late' }],
      },
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hello?'));
    const timer = await waitFor(
      async () => (await a.db('automation_timers').where({ rule_id: rule.id }).first()) as { id: string } | undefined,
      {
        what: 'the timer to start',
      },
    );
    await a.inbox.sendAgentMessage(team.tenantId, conversation.id, { authorId: team.agent.user.id, authorKind: 'agent', text: 'Hi!' });
    await waitFor(async () => !(await a.db('automation_timers').where({ id: timer.id }).first()), { what: 'the timer to be cancelled' });
    // The job still runs at the due time: it must find the timer gone and do nothing.
    await waitFor(
      async () => {
        const job = await a.db('bacon_jobs.job').whereRaw(`data->>'timerId' = ?`, [timer.id]).first('state');
        return job?.state === 'completed';
      },
      { what: "the timer's job to run", timeoutMs: 20000 },
    );
    expect(await evaluations(rule.id)).to.have.length(0);
    const bodies = (await a.inbox.listMessagesSince(team.tenantId, conversation.id, 0)).map((m) => m.body);
    expect(bodies).to.deep.equal(['hello?', 'Hi!']);
  });
});
