import { expect } from 'chai';
import { AI_DRAFT_FEEDBACK, type AiDraftFeedbackPayload } from '@bacon/analytics-contract';
import { startAnalyticsHost, createTeam, caughtUp, type AnalyticsTestHost, type Team } from './support/analytics-host.js';

describe('GET /api/v1/analytics/ai-drafts (from ai.draft.feedback events)', () => {
  let t: AnalyticsTestHost;
  let team: Team;
  let conversationId: string;
  const at = new Date(Date.now() - 2 * 3_600_000);

  before(async () => {
    t = await startAnalyticsHost();
    team = await createTeam(t.host, 2);
    const { conversation } = await t.inbox.ingestInbound(team.tenantId, {
      channel: 'email',
      externalConversationId: 'ai-1',
      externalMessageId: 'ai-1-1',
      contact: { externalId: 'ai-contact' },
      text: 'Can I change my order?',
    });
    conversationId = conversation.id;
    await caughtUp(t, team.tenantId);
  });

  after(async () => {
    await t?.close();
  });

  const feedback = (n: number, agent: number, outcome: AiDraftFeedbackPayload['outcome'], editDistance?: number) => ({
    topic: AI_DRAFT_FEEDBACK,
    tenantId: team.tenantId,
    key: conversationId,
    payload: {
      tenantId: team.tenantId,
      draftId: `00000000-0000-4000-8000-00000000000${n}`,
      conversationId,
      agentId: team.agents[agent]!.user.id,
      outcome,
      ...(editDistance === undefined ? {} : { editDistance }),
      at: at.toISOString(),
    } satisfies AiDraftFeedbackPayload,
  });

  const range = (groupBy = 'none') => ({
    from: new Date(Date.now() - 86_400_000).toISOString(),
    to: new Date(Date.now() + 3_600_000).toISOString(),
    groupBy,
  });

  it('counts accepted, edited and rejected drafts once each, per agent and channel', async () => {
    // Agent 1: accepted, edited (distance 12), edited (distance 4), rejected; agent 2: accepted.
    await t.db.transaction((trx) =>
      t.events.append(trx, [
        feedback(1, 0, 'accepted'),
        feedback(2, 0, 'edited', 12),
        feedback(3, 0, 'edited', 4),
        feedback(4, 0, 'rejected'),
        feedback(5, 1, 'accepted'),
        // Not a verdict the report knows: applied (marked) but counted nowhere.
        { ...feedback(6, 1, 'accepted'), payload: { ...feedback(6, 1, 'accepted').payload, outcome: 'maybe' as never } },
      ]),
    );
    await caughtUp(t, team.tenantId);
    const res = await t.http.get('/api/v1/analytics/ai-drafts').query(range()).set(team.admin.headers).expect(200);
    // 5 verdicts: 2 accepted (2/5 = 0.4), 2 edited (used 4/5 = 0.8), 1 rejected; mean edit distance (12 + 4) / 2 = 8.
    expect(res.body.total).to.deep.equal({
      drafts: 5,
      accepted: 2,
      edited: 2,
      rejected: 1,
      acceptanceRate: 0.4,
      useRate: 0.8,
      meanEditDistance: 8,
    });
    const byAgent = await t.http.get('/api/v1/analytics/ai-drafts').query(range('agent')).set(team.admin.headers).expect(200);
    const first = byAgent.body.items.find((r: { bucket: string }) => r.bucket === team.agents[0]!.user.id);
    expect(first).to.include({ drafts: 4, accepted: 1, acceptanceRate: 0.25 });
    const byChannel = await t.http.get('/api/v1/analytics/ai-drafts').query(range('channel')).set(team.admin.headers).expect(200);
    expect(byChannel.body.items.map((r: { bucket: string }) => r.bucket)).to.deep.equal(['email']);
  });

  it('counts an event delivered again once', async () => {
    const [row] = await t.db('host_events').where({ tenant_id: team.tenantId, topic: AI_DRAFT_FEEDBACK }).orderBy('id').limit(1);
    const { applyEvents } = await import('../src/apply-event.js');
    const event = {
      id: String(row.id),
      topic: row.topic,
      tenantId: row.tenant_id,
      key: row.key,
      seq: row.seq,
      payload: row.payload,
      at: '',
    };
    expect(await applyEvents(t.db, [event])).to.deep.equal([]);
    const res = await t.http.get('/api/v1/analytics/ai-drafts').query(range()).set(team.admin.headers).expect(200);
    expect(res.body.total.drafts).to.equal(5);
    // The check could fail: the same event under a forgotten id counts again.
    await t.db('analytics_applied_events').where({ event_id: row.id }).delete();
    expect(await applyEvents(t.db, [event])).to.deep.equal([team.tenantId]);
    const again = await t.http
      .get('/api/v1/analytics/ai-drafts')
      .query({ ...range(), tz: 'UTC' })
      .set(team.admin.headers)
      .expect(200);
    expect(again.body.total.drafts).to.equal(6);
  });
});
