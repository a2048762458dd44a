import { expect } from 'chai';
import { startInboxHost, type InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';

describe('wakeSnoozed', () => {
  let t: InboxTestHost;
  let team: Team;
  const HOUR = 3_600_000;

  before(async () => {
    t = await startInboxHost();
    team = await createTeam(t.host, 1);
  });
  after(async () => {
    await t?.close();
  });

  async function snoozed(opts: { assigned: boolean; until: Date }): Promise<string> {
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound());
    if (opts.assigned) await t.api.assign(team.tenantId, conversation.id, { agentId: team.agents[0]!.user.id });
    await t.api.transition(team.tenantId, conversation.id, 'snoozed', { until: opts.until });
    return conversation.id;
  }

  it('wakes a due conversation to its previous queue: the agent who kept it, else new', async () => {
    const until = new Date(Date.now() + HOUR);
    const held = await snoozed({ assigned: true, until });
    const unheld = await snoozed({ assigned: false, until });
    const woken = await t.api.wakeSnoozed(new Date(until.getTime() + 1));
    const byId = new Map(woken.map((c) => [c.id, c]));
    expect(byId.get(held)).to.include({ state: 'assigned', assigneeId: team.agents[0]!.user.id, snoozedUntil: null });
    expect(byId.get(unheld)).to.include({ state: 'new', assigneeId: null });
  });

  it('leaves conversations that are not due yet asleep, and wakes them when the clock reaches `until`', async () => {
    const until = new Date(Date.now() + 5 * HOUR);
    const id = await snoozed({ assigned: false, until });
    await t.api.wakeSnoozed(new Date(until.getTime() - 1000));
    expect((await t.api.getConversation(team.tenantId, id))!.state).to.equal('snoozed');
    await t.api.wakeSnoozed(until);
    expect((await t.api.getConversation(team.tenantId, id))!.state).to.equal('new');
  });

  it('writes a wake audit row by the system', async () => {
    const until = new Date(Date.now() + 6 * HOUR);
    const id = await snoozed({ assigned: false, until });
    await t.api.wakeSnoozed(until);
    const rows = await t.host.services.db.knex('inbox_audit_log').where({ conversation_id: id, action: 'wake' });
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ from_state: 'snoozed', to_state: 'new', actor_kind: 'system' });
  });

  it('schedules a durable job at `until` for each snooze', async () => {
    const until = new Date(Date.now() + 7 * HOUR);
    const id = await snoozed({ assigned: false, until });
    const jobs = await t.host.services.db
      .knex('bacon_jobs.job')
      .where({ name: 'inbox.wake-snoozed' })
      .whereRaw(`data->>'conversationId' = ?`, [id]);
    expect(jobs).to.have.length(1);
    expect(new Date(jobs[0].start_after).getTime()).to.equal(until.getTime());
  });

  it('is woken by the job when its time comes', async () => {
    const id = await snoozed({ assigned: true, until: new Date(Date.now() + 1500) });
    let state = 'snoozed';
    for (let i = 0; i < 200 && state === 'snoozed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await t.api.getConversation(team.tenantId, id))!.state;
    }
    expect(state).to.equal('assigned');
  });
});
