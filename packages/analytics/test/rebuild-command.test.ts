import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@bacon/host/testing';
import { startAnalyticsHost, createTeam, caughtUp, snapshot, type AnalyticsTestHost, type Team } from './support/analytics-host.js';
import { InboxStory } from './support/inbox-story.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs the real CLI (`npm run bacon -- ...`) against the test database; answers its exit code and output. */
function bacon(args: string[], database: TestDatabase): Promise<{ code: number | null; out: string }> {
  // The test host's plugins only (discovery would migrate every workspace plugin into its database).
  const plugins = { BACON_PLUGIN_DISCOVERY: 'false', BACON_PLUGINS: '@bacon/plugin-inbox,@bacon/plugin-analytics' };
  const env: NodeJS.ProcessEnv = { ...process.env, ...plugins, BACON_DATA_DIR: database.dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  delete env.REDIS_URL;
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', '--import', 'tsx', '--conditions', 'bacon-source', 'host/src/cli.ts', ...args],
    {
      cwd: root,
      env,
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run bacon -- analytics:rebuild', function () {
  this.timeout(240_000);
  let database: TestDatabase;
  let t: AnalyticsTestHost | undefined;
  let team: Team;

  before(async () => {
    database = await createTestDatabase();
    t = await startAnalyticsHost({ database });
    team = await createTeam(t.host, 1);
    const A = team.agents[0]!.user.id;
    const s = new InboxStory(team.tenantId);
    const d = (hms: string) => `2026-03-02T${hms}Z`;
    s.conversation('web', d('09:00:00'), 'site-key-cli-0001')
      .inbound(d('09:00:00'))
      .assign(A, d('09:01:00'))
      .reply(A, d('09:05:00'))
      .close(d('09:30:00'));
    s.conversation('email', d('10:00:00')).inbound(d('10:00:00')).message('bot', d('10:00:05')).reply(A, d('10:04:00'));
    await s.write(t.db, t.events);
    await caughtUp(t, team.tenantId);
  });

  after(async () => {
    await t?.close();
    await database?.drop();
  });

  it('recomputes every rollup from the raw data, printing its progress, to what the consumer built', async () => {
    const incremental = await snapshot(t!.db, team.tenantId);
    // Lose the derived rows: only a rebuild from the inbox's rows can bring them back.
    for (const table of ['analytics_hourly', 'analytics_cycles', 'analytics_conversations'])
      await t!.db(table).where({ tenant_id: team.tenantId }).delete();
    // The embedded database admits one process: stop the host first (on Postgres it may keep running).
    if (!database.databaseUrl) {
      await t!.close();
      t = undefined;
    }
    const run = await bacon(['analytics:rebuild'], database);
    // Messages: the web conversation 2 (inbound, reply), the email one 3 (inbound, bot, reply).
    expect(run.code, run.out).to.equal(0);
    expect(run.out).to.match(new RegExp(`tenant ${team.tenantId}: 2 conversations, 5 messages`));
    expect(run.out).to.match(/Rebuilt \d+ tenant\(s\): \d+ conversations/);
    t ??= await startAnalyticsHost({ database });
    expect(await snapshot(t.db, team.tenantId)).to.deep.equal(incremental);
  });

  it('refuses bad arguments and an unknown plugin command with a usage line (exit 64)', async () => {
    if (!database.databaseUrl) {
      await t?.close();
      t = undefined;
    }
    const bad = await bacon(['analytics:rebuild', '--tenant', 'nope'], database);
    expect(bad.code, bad.out).to.equal(64);
    expect(bad.out).to.match(/usage: bacon analytics:rebuild/);
    const unknown = await bacon(['analytics:nothing'], database);
    expect(unknown.code, unknown.out).to.equal(64);
    expect(unknown.out).to.match(/plugin commands: .*analytics:rebuild/);
  });
});
