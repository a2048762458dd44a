import { expect } from 'chai';
import { waitFor } from '@bacon/host/testing';
import type { DurableEvent } from '@bacon/sdk';
import { applyEvent, applyEvents } from '../src/apply-event.js';
import { startAnalyticsHost, createTeam, caughtUp, snapshot, type AnalyticsTestHost, type Team } from './support/analytics-host.js';

const CONSUMER = 'analytics:rollups';

describe('the analytics consumer', () => {
  let t: AnalyticsTestHost;
  let team: Team;

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 2);
  });

  after(async () => {
    await t?.close();
  });

  /** Real inbox traffic: conversations, human and bot replies, assignment, closes and reopens. */
  async function traffic(n: number, tag: string) {
    const [a, b] = team.agents.map((x) => x.user.id);
    for (let i = 0; i < n; i++) {
      const inbound = (k: number) => ({
        channel: i % 2 ? 'web' : 'email',
        externalConversationId: `${tag}-${i}`,
        externalMessageId: `${tag}-${i}-${k}`,
        contact: { externalId: `${tag}-contact-${i}` },
        text: `hello ${k}`,
      });
      const { conversation } = await t.inbox.ingestInbound(team.tenantId, inbound(0));
      if (i % 3 === 0)
        await t.inbox.sendAgentMessage(team.tenantId, conversation.id, { authorId: null, authorKind: 'bot', text: 'A bot says hi' });
      await t.inbox.assign(team.tenantId, conversation.id, { agentId: i % 2 ? a! : b! });
      if (i % 4 !== 3)
        await t.inbox.sendAgentMessage(team.tenantId, conversation.id, { authorId: i % 2 ? a! : b!, text: 'An agent answers' });
      if (i % 2 === 0) {
        await t.inbox.transition(team.tenantId, conversation.id, 'closed');
        if (i % 4 === 0) await t.inbox.ingestInbound(team.tenantId, inbound(1));
      }
    }
  }

  const inboxEventCount = async () =>
    Number(
      (
        await t
          .db('host_events')
          .where({ tenant_id: team.tenantId })
          .where((q) => q.where('topic', 'like', 'conversation.%').orWhere('topic', 'message.created'))
          .count({ n: '*' })
      )[0]!.n,
    );

  it('builds from real inbox events what the rebuild computes from the rows, after a stop mid-stream and a replay', async () => {
    await t.analytics.stopConsumer();
    await traffic(24, 'run1');
    const total = await inboxEventCount();
    await t.analytics.startConsumer();
    await waitFor(
      async () => Number((await t.db('analytics_applied_events').where({ tenant_id: team.tenantId }).count({ n: '*' }))[0]!.n) > 0,
      {
        what: 'the consumer to apply some events',
      },
    );
    await t.analytics.stopConsumer();
    // A host killed after applying events but before saving its cursor: the next one delivers them again.
    const [cursor] = await t.db('host_event_consumers').where({ name: CONSUMER }).select('pos');
    await t
      .db('host_event_consumers')
      .where({ name: CONSUMER })
      .update({ pos: Math.max(0, Number(cursor.pos) - 40) });
    await traffic(6, 'run2');
    await t.analytics.startConsumer();
    await caughtUp(t, team.tenantId);
    const newest = Number((await t.db('host_events').max({ m: 'pos' }))[0]!.m);
    await waitFor(async () => Number((await t.db('host_event_consumers').where({ name: CONSUMER }).first('pos'))!.pos) >= newest, {
      what: 'the cursor to reach the newest event',
    });
    expect(total).to.be.greaterThan(100);

    const incremental = await snapshot(t.db, team.tenantId);
    // 30 conversations; 15 closed, 8 of them reopened by a second inbound message.
    expect(incremental.conversations).to.have.length(30);
    expect(incremental.cycles).to.have.length(38);
    expect(incremental.cycles.filter((c) => c.reopened)).to.have.length(8);
    const sum = (k: string) => incremental.hourly.reduce((s, r) => s + Number(r[k]), 0);
    expect(sum('conversations')).to.equal(30);
    expect(sum('inbound')).to.equal(38);
    expect(sum('bot_replies')).to.equal(10);
    expect(sum('human_replies')).to.equal(23);
    expect(sum('resolved')).to.equal(15);
    expect(sum('reopened')).to.equal(8);

    await t.analytics.rebuild(team.tenantId);
    expect(await snapshot(t.db, team.tenantId)).to.deep.equal(incremental);
  });

  it('counts an event applied twice once', async () => {
    const row = await t.db('host_events').where({ tenant_id: team.tenantId, topic: 'message.created' }).orderBy('id', 'desc').first();
    const event: DurableEvent = {
      id: String(row.id),
      topic: row.topic,
      tenantId: row.tenant_id,
      key: row.key,
      seq: row.seq,
      payload: row.payload,
      at: new Date(row.created_at).toISOString(),
    };
    const before = await snapshot(t.db, team.tenantId);
    expect(await applyEvent(t.db, event)).to.equal(false);
    expect(await snapshot(t.db, team.tenantId)).to.deep.equal(before);
    // The same payload under an id never applied does count: the check above could fail.
    await t.db('analytics_applied_events').where({ event_id: row.id }).delete();
    expect(await applyEvent(t.db, event)).to.equal(true);
    const after = await snapshot(t.db, team.tenantId);
    const inbound = (s: typeof before) =>
      s.hourly.reduce((n, r) => n + Number(r.inbound) + Number(r.human_replies) + Number(r.bot_replies), 0);
    expect(inbound(after)).to.equal(inbound(before) + 1);
  });

  const asEvent = (row: Record<string, any>): DurableEvent => ({
    id: String(row.id),
    topic: row.topic,
    tenantId: row.tenant_id,
    key: row.key,
    seq: row.seq,
    payload: row.payload,
    at: new Date(row.created_at).toISOString(),
  });

  it('applies a whole batch (several events of one conversation, a duplicate) in one go as the rebuild computes it', async () => {
    const other = await createTeam(t.host, 2);
    const saved = team;
    team = other;
    await t.analytics.stopConsumer();
    try {
      await traffic(8, 'batch');
      const rows = await t
        .db('host_events')
        .where({ tenant_id: other.tenantId })
        .where((q) => q.where('topic', 'like', 'conversation.%').orWhere('topic', 'message.created'))
        .orderBy('id');
      const events = rows.map(asEvent);
      expect(events.length).to.be.greaterThan(40);
      // The first half, then everything again with a duplicate: the second batch applies only the new half.
      const half = events.slice(0, Math.floor(events.length / 2));
      expect(await applyEvents(t.db, half)).to.deep.equal([other.tenantId]);
      expect(await applyEvents(t.db, [...events, events[events.length - 1]!])).to.deep.equal([other.tenantId]);
      expect(await applyEvents(t.db, events)).to.deep.equal([]);
      const batched = await snapshot(t.db, other.tenantId);
      expect(batched.conversations).to.have.length(8);
      await t.analytics.rebuild(other.tenantId);
      expect(await snapshot(t.db, other.tenantId)).to.deep.equal(batched);
    } finally {
      team = saved;
      await t.analytics.startConsumer();
    }
  });

  it('forgets applied ids only once the host pruned their event from its log', async () => {
    const [kept] = await t.db('analytics_applied_events').where({ tenant_id: team.tenantId }).orderBy('event_id', 'desc').limit(1);
    const gone = Number((await t.db('host_events').max({ m: 'id' }))[0]!.m) + 1_000_000;
    await t.db('analytics_applied_events').insert({ event_id: gone, tenant_id: team.tenantId });
    expect(await t.analytics.pruneApplied()).to.be.at.least(1);
    expect(await t.db('analytics_applied_events').where({ event_id: gone })).to.have.length(0);
    expect(await t.db('analytics_applied_events').where({ event_id: kept.event_id })).to.have.length(1);
  });
});
