import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import type { Knex } from 'knex';
import { signBody, SIGNATURE_HEADER } from '../../src/index.js';
import { createRule } from '../../src/services/rules.js';
import type { RuleDefinition } from '../../src/rule-schema.js';
import {
  createTeam,
  evaluationCount,
  inbound,
  startAutomationHost,
  startHook,
  type AutomationHost,
  type Hook,
  type Team,
} from '../support/automation-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

type EvalRow = {
  rule_id: string;
  rule_version: number;
  status: string;
  trigger: string;
  trace_id: string;
  actions: unknown;
  error: string | null;
};

const evaluations = (db: Knex, ruleId: string) => db('automation_evaluations').where({ rule_id: ruleId }) as Promise<EvalRow[]>;
const actionsOf = (row: EvalRow) =>
  (typeof row.actions === 'string' ? JSON.parse(row.actions) : row.actions) as { ok: boolean; type: string }[];

async function rule(a: AutomationHost, team: Team, name: string, definition: RuleDefinition): Promise<string> {
  const r = await createRule(a.db, { tenantId: team.tenantId, name, definition });
  return r.id;
}

async function firedOnce(a: AutomationHost, ruleId: string, what: string): Promise<EvalRow> {
  const rows = await waitFor(
    async () => {
      const r = await evaluations(a.db, ruleId);
      return r.length > 0 && r.every((x) => x.status !== 'running') ? r : undefined;
    },
    { what },
  );
  expect(rows, what).to.have.length(1);
  return rows[0]!;
}

describe('automation rules on the event stream', () => {
  let a: AutomationHost;
  let hook: Hook;
  before(async () => {
    a = await startAutomationHost({ config: fast });
    hook = await startHook();
  });
  after(async () => {
    await a?.close();
    await hook?.close();
  });

  it('fire on a keyword: reply, assign, signed webhook and a plugin action, with an audit row', async () => {
    const team = await createTeam(a.host);
    const id = await rule(a, team, 'refunds', {
      triggers: [{ type: 'message.received', keywords: ['remboursé', 'refund'] }],
      conditions: { match: 'all', items: [{ field: 'channel.id', op: 'equals', value: 'web' }] },
      actions: [
        { type: 'send_message', text: 'We are on it, {{contact.name}}.' },
        { type: 'assign', agentId: team.agent.user.id },
        { type: 'webhook', url: hook.url, secret: 'hook-secret' },
        { type: 'call_plugin', pluginId: 'crm', action: 'upsert', input: { email: '{{contact.email}}', note: '{{message.body}}' } },
      ],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('Je veux être REMBOURSE'));
    const row = await firedOnce(a, id, 'the refund rule to fire');
    expect(row.status, row.error ?? '').to.equal('done');
    expect(row).to.include({ rule_version: 1, trigger: 'message.created' });
    expect(row.trace_id).to.match(/^[0-9a-f-]{36}$/);
    expect(actionsOf(row).map((x) => [x.type, x.ok])).to.deep.equal([
      ['send_message', true],
      ['assign', true],
      ['webhook', true],
      ['call_plugin', true],
    ]);
    const messages = await a.inbox.listMessagesSince(team.tenantId, conversation.id, 0);
    expect(messages.map((m) => [m.authorKind, m.body])).to.deep.equal([
      ['contact', 'Je veux être REMBOURSE'],
      ['bot', 'We are on it, Ann Visitor.'],
    ]);
    expect((await a.inbox.getConversation(team.tenantId, conversation.id))!.assigneeId).to.equal(team.agent.user.id);
    const got = hook.received.find((h) => JSON.parse(h.body).ruleId === id)!;
    expect(got.headers[SIGNATURE_HEADER]).to.equal(signBody('hook-secret', got.body));
    expect(JSON.parse(got.body)).to.include({ topic: 'message.created', traceId: row.trace_id });
    expect(a.crmCalls).to.deep.include({ email: 'ann@example.test', note: 'Je veux être REMBOURSE' });
  });

  it('do not fire when the conditions say no', async () => {
    const team = await createTeam(a.host);
    const no = await rule(a, team, 'email only', {
      triggers: [{ type: 'message.received', keywords: ['help'] }],
      conditions: { match: 'all', items: [{ field: 'channel.id', op: 'equals', value: 'email' }] },
      actions: [{ type: 'send_message', text: 'never' }],
    });
    const yes = await rule(a, team, 'any help', {
      triggers: [{ type: 'message.received', keywords: ['help'] }],
      actions: [{ type: 'webhook', url: hook.url }],
    });
    await a.inbox.ingestInbound(team.tenantId, inbound('help me'));
    await firedOnce(a, yes, 'the unconditioned rule (proof the event was evaluated)');
    expect(await evaluations(a.db, no)).to.have.length(0);
  });

  it('fire on conversation created, transitioned and assigned', async () => {
    const team = await createTeam(a.host);
    const created = await rule(a, team, 'welcome', {
      triggers: [{ type: 'conversation.created' }],
      actions: [{ type: 'send_message', text: 'Welcome!' }],
    });
    const closed = await rule(a, team, 'closed hook', {
      triggers: [{ type: 'conversation.transitioned', to: ['closed'] }],
      actions: [{ type: 'webhook', url: hook.url }],
    });
    const assigned = await rule(a, team, 'assigned crm', {
      triggers: [{ type: 'conversation.assigned' }],
      actions: [{ type: 'call_plugin', pluginId: 'crm', action: 'upsert', input: { email: 'assigned-{{conversation.assigneeId}}' } }],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hi'));
    await firedOnce(a, created, 'the welcome rule');
    await a.inbox.assign(team.tenantId, conversation.id, { agentId: team.agent.user.id });
    await firedOnce(a, assigned, 'the assigned rule');
    expect(a.crmCalls).to.deep.include({ email: `assigned-${team.agent.user.id}` });
    await a.inbox.transition(team.tenantId, conversation.id, 'closed');
    const row = await firedOnce(a, closed, 'the closed rule');
    expect(row.trigger).to.equal('conversation.transitioned');
    const messages = await a.inbox.listMessagesSince(team.tenantId, conversation.id, 0);
    expect(messages.filter((m) => m.body === 'Welcome!')).to.have.length(1);
  });

  it('record a failed action with its error and stop there', async () => {
    const team = await createTeam(a.host);
    const down = await startHook(500);
    try {
      const id = await rule(a, team, 'failing hook', {
        triggers: [{ type: 'message.received' }],
        actions: [
          { type: 'webhook', url: down.url },
          { type: 'send_message', text: 'after the hook' },
        ],
      });
      const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('anything'));
      const row = await firedOnce(a, id, 'the failing rule');
      expect(row.status).to.equal('failed');
      expect(row.error).to.match(/webhook answered 500/);
      const messages = await a.inbox.listMessagesSince(team.tenantId, conversation.id, 0);
      expect(messages.map((m) => m.authorKind)).to.deep.equal(['contact']);
    } finally {
      await down.close();
    }
  });

  it('debounce per rule and conversation', async () => {
    const team = await createTeam(a.host);
    const before = await evaluationCount(a.registry, 'skipped_debounce');
    const id = await rule(a, team, 'debounced', {
      triggers: [{ type: 'message.received' }],
      actions: [{ type: 'webhook', url: hook.url }],
      debounceSeconds: 3600,
    });
    const thread = 'debounce-thread';
    await a.inbox.ingestInbound(team.tenantId, inbound('one', thread));
    await firedOnce(a, id, 'the first message to fire the rule');
    await a.inbox.ingestInbound(team.tenantId, inbound('two', thread));
    await waitFor(async () => (await evaluationCount(a.registry, 'skipped_debounce')) > before, { what: 'the second to be debounced' });
    expect(await evaluations(a.db, id)).to.have.length(1);
  });

  it('keep a rule within its hourly rate', async () => {
    const team = await createTeam(a.host);
    const before = await evaluationCount(a.registry, 'skipped_rate');
    const id = await rule(a, team, 'rated', {
      triggers: [{ type: 'message.received' }],
      actions: [{ type: 'webhook', url: hook.url }],
      maxPerHour: 1,
    });
    await a.inbox.ingestInbound(team.tenantId, inbound('one'));
    await firedOnce(a, id, 'the first firing');
    await a.inbox.ingestInbound(team.tenantId, inbound('two'));
    await waitFor(async () => (await evaluationCount(a.registry, 'skipped_rate')) > before, { what: 'the second to be rate limited' });
    expect(await evaluations(a.db, id)).to.have.length(1);
  });

  it('are not re-triggered by their own actions', async () => {
    const team = await createTeam(a.host);
    const before = await evaluationCount(a.registry, 'skipped_loop');
    // Closing fires it; its reopen is a transition to `new` it also listens to: its own effect.
    const id = await rule(a, team, 'reopener', {
      triggers: [{ type: 'conversation.transitioned', to: ['closed', 'new'] }],
      actions: [
        { type: 'webhook', url: hook.url },
        { type: 'transition', to: 'new' },
      ],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hello'));
    await a.inbox.transition(team.tenantId, conversation.id, 'closed');
    await waitFor(async () => (await evaluationCount(a.registry, 'skipped_loop')) > before, { what: 'the echo to be passed over' });
    const rows = await evaluations(a.db, id);
    expect(rows).to.have.length(1);
    expect(rows[0]!.status, rows[0]!.error ?? '').to.equal('done');
    expect((await a.inbox.getConversation(team.tenantId, conversation.id))!.state).to.equal('new');
  });

  it('stop a chain of rules at the depth limit', async () => {
    const team = await createTeam(a.host);
    const before = await evaluationCount(a.registry, 'skipped_depth');
    const reopen = await rule(a, team, 'a reopen', {
      triggers: [{ type: 'conversation.transitioned', to: ['closed'] }],
      actions: [{ type: 'transition', to: 'new' }],
    });
    const close = await rule(a, team, 'b close', {
      triggers: [{ type: 'conversation.transitioned', to: ['new'] }],
      actions: [{ type: 'transition', to: 'closed' }],
    });
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('ping pong'));
    await a.inbox.transition(team.tenantId, conversation.id, 'closed');
    await waitFor(async () => (await evaluationCount(a.registry, 'skipped_depth')) > before, { what: 'the chain to hit the limit' });
    const depths = async (ruleId: string) =>
      (await a.db('automation_evaluations').where({ rule_id: ruleId }).orderBy('depth')).map((r: { depth: number }) => r.depth);
    // A person closes: the reopen rule fires at depth 0, its reopen fires the close rule at depth 1,
    // whose close fires the reopen rule at depth 2; that reopen carries depth 3: nothing fires on it.
    const reopens = await depths(reopen);
    const closes = await depths(close);
    expect({ reopens, closes }).to.deep.equal({ reopens: [0, 2], closes: [1] });
    const events = (await a.db('host_events').where({ key: conversation.id, topic: 'conversation.transitioned' }).orderBy('id')) as {
      payload: unknown;
    }[];
    const causes = events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).cause ?? null);
    expect(causes.map((c: { ruleId: string; depth: number } | null) => c && [c.ruleId, c.depth])).to.deep.equal([
      null,
      [reopen, 1],
      [close, 2],
      [reopen, 3],
    ]);
    expect((await a.inbox.getConversation(team.tenantId, conversation.id))!.state).to.equal('new');
  });
});
