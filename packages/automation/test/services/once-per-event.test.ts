import { expect } from 'chai';
import { createTestDatabase, defaultBackend, waitFor, type TestDatabase } from '@bacon/host/testing';
import { createRule } from '../../src/services/rules.js';
import { createTeam, inbound, rewindConsumers, startAutomationHost, type AutomationHost } from '../support/automation-host.js';

const fast = { eventsPollMs: 100, eventsLeaseMs: 1500 };

const replyRule = {
  triggers: [{ type: 'message.received' as const }],
  actions: [
    { type: 'send_message' as const, text: 'reply to {{message.body}}' },
    { type: 'call_plugin' as const, pluginId: 'crm', action: 'upsert', input: { email: 'x@example.test', note: '{{message.body}}' } },
  ],
};

type Row = { event_id: string; status: string; actions: unknown };

describe('a rule fires once per event', () => {
  let db: TestDatabase | undefined;
  const hosts: AutomationHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
    await db?.drop();
    db = undefined;
  });

  it('across a restart that redelivers the events, and a run cut short resumes after its finished actions', async () => {
    db = await createTestDatabase();
    const a = await startAutomationHost({ database: db, config: fast });
    hosts.push(a);
    const team = await createTeam(a.host);
    const rule = await createRule(a.db, { tenantId: team.tenantId, name: 'reply', definition: replyRule });
    const thread = 'restart-thread';
    const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('first', thread));
    const first = await waitFor(
      async () => (await a.db('automation_evaluations').where({ rule_id: rule.id, status: 'done' }).first()) as Row | undefined,
      {
        what: 'the first firing',
      },
    );
    // As a host killed after the reply and before the plugin call leaves it; and every cursor rewound.
    await a
      .db('automation_evaluations')
      .where({ rule_id: rule.id })
      .update({ status: 'running', finished_at: null, actions: JSON.stringify([{ index: 0, type: 'send_message', ok: true }]) });
    await a.close();
    hosts.splice(0);
    await rewindConsumers(db);
    const b = await startAutomationHost({ database: db, config: fast });
    hosts.push(b);
    await b.inbox.ingestInbound(team.tenantId, inbound('second', thread));
    // Same conversation, so in order: the second event's firing means the first was delivered again.
    const rows = await waitFor(
      async () => {
        const r = (await b.db('automation_evaluations').where({ rule_id: rule.id })) as Row[];
        return r.length === 2 && r.every((x) => x.status === 'done') ? r : undefined;
      },
      { what: 'both events fired and the first resumed' },
    );
    expect(rows.map((r) => r.event_id).sort()).to.include(first.event_id);
    const replies = (await b.inbox.listMessagesSince(team.tenantId, conversation.id, 0)).filter((m) => m.authorKind === 'bot');
    expect(replies.map((m) => m.body)).to.deep.equal(['reply to first', 'reply to second']);
    // The cut-short run did only what was left: the plugin call, on the host that resumed it.
    expect(b.crmCalls).to.deep.equal([
      { email: 'x@example.test', note: 'first' },
      { email: 'x@example.test', note: 'second' },
    ]);
  });

  it('and a timer once, when two hosts share the database (one host on PGlite, which is single-process)', async () => {
    db = await createTestDatabase();
    const a = await startAutomationHost({ database: db, config: fast });
    hosts.push(a);
    if (defaultBackend() === 'postgres') hosts.push(await startAutomationHost({ database: db, config: fast }));
    const team = await createTeam(a.host);
    const rule = await createRule(a.db, { tenantId: team.tenantId, name: 'reply', definition: replyRule });
    const timed = await createRule(a.db, {
      tenantId: team.tenantId,
      name: 'silence',
      definition: {
        triggers: [{ type: 'inactivity', waitingFor: 'agent', seconds: 1 }],
        actions: [{ type: 'send_message', text: 'timer' }],
      },
    });
    const conversations: string[] = [];
    for (let i = 0; i < 12; i++) {
      const host = hosts[i % hosts.length]!;
      const r = await host.inbox.ingestInbound(team.tenantId, inbound(`m${i}`, `two-hosts-${i % 4}`));
      if (!conversations.includes(r.conversation.id)) conversations.push(r.conversation.id);
    }
    await waitFor(
      async () => Number((await a.db('automation_evaluations').where({ rule_id: rule.id, status: 'done' }).count({ n: '*' }))[0]!.n) === 12,
      {
        what: 'twelve firings',
        timeoutMs: 60000,
      },
    );
    const replies: string[] = [];
    for (const id of conversations) {
      for (const m of await a.inbox.listMessagesSince(team.tenantId, id, 0)) if (m.body.startsWith('reply to')) replies.push(m.body);
    }
    expect(replies.sort()).to.deep.equal(Array.from({ length: 12 }, (_, i) => `reply to m${i}`).sort());
    // Every timer fired once, on one host: one evaluation and one message per timer, none left waiting.
    await waitFor(async () => (await a.db('automation_timers').where({ rule_id: timed.id })).length === 0, {
      what: 'every timer to fire',
      timeoutMs: 20000,
    });
    const timers = (await a.db('automation_evaluations').where({ rule_id: timed.id, status: 'done' })) as { event_id: string }[];
    expect(timers.length).to.be.at.least(4);
    expect(new Set(timers.map((t) => t.event_id)).size).to.equal(timers.length);
    let timerMessages = 0;
    for (const id of conversations) {
      timerMessages += (await a.inbox.listMessagesSince(team.tenantId, id, 0)).filter((m) => m.body === 'timer').length;
    }
    expect(timerMessages).to.equal(timers.length);
    const calls = hosts.flatMap((h) => h.crmCalls as { note: string }[]).map((c) => c.note);
    expect(calls.sort()).to.deep.equal(Array.from({ length: 12 }, (_, i) => `m${i}`).sort());
  });
});
