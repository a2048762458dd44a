import { expect } from 'chai';
import {
  createTestDatabase,
  createTestUser,
  startTestHost,
  type TestDatabase,
  type TestHost,
  type TestUser,
} from '../../src/testing/index.js';
import { insertIpRule } from '../../src/security/ip-rules-repo.js';
import { ipRulesCommand } from '../../src/security/ip-rules-command.js';
import { createLogger } from '../../src/logs/logger.js';

/** The recovery command after an allow rule that covers nobody locked the workspace out. */
describe('bacon ip-rules (recovery command)', () => {
  let database: TestDatabase;
  let host: TestHost | undefined;
  let admin: TestUser;
  const log = createLogger({ logLevel: 'silent', logPretty: false });
  const lines: string[] = [];
  const io = (running: boolean) => ({
    out: (l: string) => lines.push(l),
    err: (l: string) => lines.push(l),
    hostRunning: async () => running,
  });
  const me = async () => (await fetch(`${host!.url}/api/v1/auth/me`, { headers: admin.headers })).status;

  beforeEach(async () => {
    lines.length = 0;
    database = await createTestDatabase();
    host = await startTestHost({ database });
    admin = await createTestUser(host, { role: 'admin' });
    // Written straight to the database: the API refuses a rule set that locks its caller out.
    await insertIpRule(host.services.db.knex, { tenantId: admin.user.tenantId, cidr: '10.0.0.0/8', action: 'allow', note: 'office only' });
    expect(await me(), 'the admin is locked out').to.equal(403);
  });
  afterEach(async () => {
    await host?.close();
    await database.drop();
  });

  it('lists the rules and refuses bad arguments with a usage line', async () => {
    const config = host!.config;
    if (!config.databaseUrl) {
      await host!.close();
      host = undefined;
    }
    expect(await ipRulesCommand(['list'], config, log, io(false))).to.equal(0);
    expect(lines.join('\n')).to.match(/allow\s+10\.0\.0\.0\/8\s+\(office only\)/);
    expect(await ipRulesCommand(['drop'], config, log, io(false))).to.equal(64);
    expect(await ipRulesCommand(['clear', '--tenant', 'nope'], config, log, io(false))).to.equal(64);
  });

  it('clears them so the admin gets back in (with the host stopped on PGlite, live on Postgres)', async () => {
    const config = host!.config;
    const tenant = admin.user.tenantId;
    if (!config.databaseUrl) {
      expect(await ipRulesCommand(['clear'], config, log, io(true)), 'refused while a host holds the embedded database').to.equal(75);
      expect(lines.join('\n')).to.match(/Stop it/);
      await host!.close();
      expect(await ipRulesCommand(['clear', '--tenant', tenant], config, log, io(false))).to.equal(0);
      host = await startTestHost({ database });
    } else {
      expect(await ipRulesCommand(['clear', '--tenant', tenant], config, log, io(true))).to.equal(0);
    }
    expect(lines.join('\n'), JSON.stringify(lines)).to.match(/Deleted 1 IP rule of tenant/);
    expect(await host!.services.db.knex('ip_rules').where({ tenant_id: tenant })).to.deep.equal([]);
    // On Postgres without Redis the hosts' cache lifts it within its TTL; with Redis (or after a restart) at once.
    if (!config.databaseUrl || config.redisUrl) expect(await me()).to.equal(200);
  });
});
