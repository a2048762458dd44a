import { expect } from 'chai';
import { directoryService } from '@bacon/host';
import { startInboxHost, type InboxTestHost } from '../support/inbox-host.js';
import { createTeam, type Team } from '../support/team.js';
import { inbound } from '../support/fixtures.js';
import { runDailyRetention } from '../../src/services/retention.js';
import { createRedaction } from '../../src/services/redaction.js';
import { createKeyedQueue } from '../../src/services/keyed-queue.js';
import { RETENTION_QUEUE } from '../../src/services/deps.js';

describe('applyRetention', () => {
  let t: InboxTestHost;
  const DAY = 86_400_000;

  before(async () => {
    t = await startInboxHost();
  });
  after(async () => {
    await t?.close();
  });

  async function closedConversation(team: Team, closedDaysAgo: number): Promise<string> {
    const { conversation } = await t.api.ingestInbound(
      team.tenantId,
      inbound({ text: 'my phone is 555-0100', contact: { externalId: `v-${Math.random()}`, name: 'Ann', email: 'ann@example.test' } }),
    );
    await t.api.transition(team.tenantId, conversation.id, 'closed');
    await t.host.services.db
      .knex('inbox_conversations')
      .where({ id: conversation.id })
      .update({ closed_at: new Date(Date.now() - closedDaysAgo * DAY) });
    return conversation.id;
  }

  async function setPolicy(team: Team, retentionDays: number | null, retentionMode: 'delete' | 'anonymize') {
    await t.host.services.db
      .knex('inbox_settings')
      .insert({ tenant_id: team.tenantId, retention_days: retentionDays, retention_mode: retentionMode })
      .onConflict('tenant_id')
      .merge();
  }

  it('deletes closed conversations older than the period, with their messages, and keeps the rest', async () => {
    const team = await createTeam(t.host, 0);
    await setPolicy(team, 30, 'delete');
    const old = await closedConversation(team, 31);
    const recent = await closedConversation(team, 29);
    const open = (await t.api.ingestInbound(team.tenantId, inbound())).conversation.id;
    expect(await t.api.applyRetention(team.tenantId)).to.equal(1);
    expect(await t.api.getConversation(team.tenantId, old)).to.equal(undefined);
    expect(await t.host.services.db.knex('inbox_messages').where({ conversation_id: old })).to.deep.equal([]);
    expect(await t.api.getConversation(team.tenantId, recent)).not.to.equal(undefined);
    expect(await t.api.getConversation(team.tenantId, open)).not.to.equal(undefined);
  });

  it('anonymizes instead when the tenant says so, once', async () => {
    const team = await createTeam(t.host, 0);
    await setPolicy(team, 7, 'anonymize');
    const old = await closedConversation(team, 8);
    expect(await t.api.applyRetention(team.tenantId)).to.equal(1);
    const exported = await t.api.exportTranscript(team.tenantId, old);
    expect(exported.messages.map((m) => m.body)).to.deep.equal(['[removed]']);
    expect(exported.contact).to.include({ name: null, email: null });
    expect(exported.conversation.preview).to.equal(null);
    expect(await t.api.applyRetention(team.tenantId)).to.equal(0);
  });

  it('does nothing for a tenant without a policy or for other tenants', async () => {
    const team = await createTeam(t.host, 0);
    const other = await createTeam(t.host, 0);
    await setPolicy(other, 1, 'delete');
    const mine = await closedConversation(team, 400);
    expect(await t.api.applyRetention(team.tenantId)).to.equal(0);
    await t.api.applyRetention(other.tenantId);
    expect(await t.api.getConversation(team.tenantId, mine)).not.to.equal(undefined);
  });
});

describe('runDailyRetention', () => {
  let t: InboxTestHost;

  before(async () => {
    t = await startInboxHost();
  });
  after(async () => {
    await t?.close();
  });

  it("schedules the next day's run once per day, however many jobs ran that day", async () => {
    const s = t.host.services;
    const deps = {
      db: s.db.knex,
      directory: t.host.service(directoryService),
      jobs: s.jobs,
      redaction: createRedaction(),
      assignments: createKeyedQueue(),
    };
    const day = new Date('2031-05-04T10:00:00Z');
    expect((await runDailyRetention(deps, day)).scheduled).to.equal(true);
    expect((await runDailyRetention(deps, new Date('2031-05-04T18:00:00Z'))).scheduled).to.equal(false);
    const queued = await s.db.knex('bacon_jobs.job').where({ name: RETENTION_QUEUE }).select('start_after');
    expect(queued.map((j: { start_after: Date }) => new Date(j.start_after).toISOString())).to.deep.equal(['2031-05-05T03:00:00.000Z']);
    expect((await runDailyRetention(deps, new Date('2031-05-05T03:00:01Z'))).scheduled).to.equal(true);
  });

  it('is queued by the plugin at boot', async () => {
    const queued = await t.host.services.db.knex('bacon_jobs.job').where({ name: `inbox.${RETENTION_QUEUE}` });
    expect(queued.length).to.be.at.least(1);
  });
});

describe('exportTranscript', () => {
  let t: InboxTestHost;

  before(async () => {
    t = await startInboxHost();
  });
  after(async () => {
    await t?.close();
  });

  it('runs the redaction hooks with purpose export over every message', async () => {
    const team = await createTeam(t.host, 0);
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound({ text: 'mail me at ann@example.test' }));
    const purposes: string[] = [];
    const off = t.api.redaction.register((text, ctx) => {
      purposes.push(ctx.purpose);
      return text.replace(/\S+@\S+/g, '[email]');
    });
    try {
      const out = await t.api.exportTranscript(team.tenantId, conversation.id);
      expect(out.messages.map((m) => m.body)).to.deep.equal(['mail me at [email]']);
      expect(purposes).to.deep.equal(['export']);
    } finally {
      off();
    }
  });
});
