import { Writable } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { waitFor } from '@bacon/host/testing';
import { createRule } from '../../../src/services/rules.js';
import type { RuleDefinition } from '../../../src/rule-schema.js';
import { createTeam, inbound, startAutomationHost, type AutomationHost, type Team } from '../../support/automation-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500, logLevel: 'info' as const };

type Row = { status: string; error: string | null; actions: unknown };
const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);

async function fired(a: AutomationHost, ruleId: string, what: string): Promise<{ ok: boolean; type: string; result?: unknown }[]> {
  const row = await waitFor(
    async () => {
      const r = (await a.db('automation_evaluations').where({ rule_id: ruleId }).first()) as Row | undefined;
      return r && r.status !== 'running' ? r : undefined;
    },
    { what },
  );
  expect(row.status, row.error ?? '').to.equal('done');
  return parse(row.actions);
}

describe('automation escalation actions: tag, priority, note, notify', () => {
  let a: AutomationHost;
  const logLines: Record<string, unknown>[] = [];
  before(async () => {
    const logDestination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    a = await startAutomationHost({ config: fast, logDestination });
  });
  after(async () => a?.close());

  async function rule(team: Team, name: string, definition: RuleDefinition): Promise<string> {
    return (await createRule(a.db, { tenantId: team.tenantId, name, definition })).id;
  }

  it('tag, raise the priority and write a private note, each change carrying the rule as its cause', async () => {
    const team = await createTeam(a.host);
    const id = await rule(team, 'escalate refunds', {
      triggers: [{ type: 'message.received', keywords: ['refund'] }],
      actions: [
        { type: 'add_tag', tags: ['refund', 'vip'] },
        { type: 'set_priority', priority: 'urgent' },
        { type: 'add_note', text: 'Refund asked: "{{message.body}}"' },
      ],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('I want a refund now'));
    const outcomes = await fired(a, id, 'the escalation rule to fire');
    expect(outcomes.map((o) => [o.type, o.ok])).to.deep.equal([
      ['add_tag', true],
      ['set_priority', true],
      ['add_note', true],
    ]);
    const after = await a.inbox.getConversation(team.tenantId, conversation.id);
    expect(after?.tags).to.deep.equal(['refund', 'vip']);
    expect(after?.priority).to.equal('urgent');
    const notes = await a.db('inbox_notes').where({ conversation_id: conversation.id });
    expect(notes.map((n: { body: string; author_id: string | null }) => [n.body, n.author_id])).to.deep.equal([
      ['Refund asked: "I want a refund now"', null],
    ]);
    const events = (await a
      .db('host_events')
      .where({ key: conversation.id })
      .whereIn('topic', ['conversation.updated', 'note.created'])
      .orderBy('id')) as { topic: string; payload: unknown }[];
    const caused = events.map((e) => [e.topic, parse(e.payload).cause?.ruleId ?? null]);
    expect(caused).to.deep.include.members([
      ['conversation.updated', id],
      ['note.created', id],
    ]);
    expect(caused.filter(([, r]) => r === id)).to.have.length(3);
  });

  it('notify one agent in realtime and write a log line', async () => {
    const team = await createTeam(a.host);
    const id = await rule(team, 'tell the agent', {
      triggers: [{ type: 'message.received', keywords: ['cancel'] }],
      actions: [{ type: 'notify', agentId: team.agent.user.id, text: 'Cancellation asked by {{contact.name}}', via: ['realtime', 'log'] }],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('Please cancel my plan'));
    const [outcome] = await fired(a, id, 'the notify rule to fire');
    expect(outcome).to.deep.include({ type: 'notify', ok: true });
    const heard = await waitFor(() => a.notifications.find((n) => n.ruleId === id), { what: 'the notification on the bus' });
    expect(heard).to.deep.include({
      tenantId: team.tenantId,
      agentId: team.agent.user.id,
      text: 'Cancellation asked by Ann Visitor',
      conversationId: conversation.id,
    });
    expect((heard.cause as { ruleId: string; depth: number }).ruleId).to.equal(id);
    const line = await waitFor(() => logLines.find((l) => (l.notification as { ruleId?: string } | undefined)?.ruleId === id), {
      what: 'the notification log line',
    });
    expect(line.msg).to.equal('automation notification');
  });

  it('notify every agent of the tenant when no agent is named', async () => {
    const team = await createTeam(a.host);
    const id = await rule(team, 'tell everyone', {
      triggers: [{ type: 'conversation.created' }],
      actions: [{ type: 'notify', text: 'New conversation on {{channel.id}}' }],
    });
    await a.inbox.ingestInbound(team.tenantId, inbound('hello'));
    await fired(a, id, 'the notify-all rule to fire');
    const heard = await waitFor(() => a.notifications.find((n) => n.ruleId === id), { what: 'the notification' });
    expect(heard).to.deep.include({ agentId: null, text: 'New conversation on web' });
  });

  it('assign round-robin to an available agent of the tenant', async () => {
    const team = await createTeam(a.host);
    const id = await rule(team, 'round robin', {
      triggers: [{ type: 'conversation.created' }],
      actions: [{ type: 'assign', strategy: 'round_robin' }],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('who is there?'));
    const [outcome] = await fired(a, id, 'the round-robin rule to fire');
    expect(outcome).to.deep.include({ type: 'assign', ok: true });
    const assignee = (await a.inbox.getConversation(team.tenantId, conversation.id))?.assigneeId;
    expect([team.agent.user.id, team.admin.user.id]).to.include(assignee);
  });

  it('refuses malformed escalation actions with the field that is wrong', async () => {
    const team = await createTeam(a.host);
    const bad = [
      { type: 'add_tag', tags: [] },
      { type: 'add_tag', tags: ['a,b'] },
      { type: 'set_priority', priority: 'critical' },
      { type: 'add_note', text: '   ' },
      { type: 'notify', text: 'hi', agentId: 'not-a-uuid' },
      { type: 'notify', text: 'hi', via: ['email'] },
    ];
    for (const action of bad) {
      const res = await request(a.host.app.callback())
        .post('/api/v1/automation-rules')
        .set(team.admin.headers)
        .send({ name: `bad ${action.type}`, definition: { triggers: [{ type: 'conversation.created' }], actions: [action] } });
      expect(res.status, JSON.stringify(action)).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
    }
  });
});
