import { expect } from 'chai';
import { startTestRedis, waitFor, type TestRedis } from '@bacon/host/testing';
import { restartDrillUnavailable } from './applicable.js';
import { startClusterHost, type ClusterHost } from './cluster-host.js';
import { AgentWatcher, openVisitor, setUp } from './drill-client.js';
import { expectNothingLost } from './cluster-checks.js';
import { MessageLoad } from './message-load.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

const unavailable = restartDrillUnavailable();

/**
 * Restarting Postgres under load, on a private server (initdb + pg_ctl on a free port) so the
 * machine's shared one is never touched. See docs/cluster.md.
 */
describe('cluster drill: Postgres restarted under load', function () {
  if (unavailable) {
    it(`does not run here: ${unavailable}`);
    return;
  }
  this.timeout(240_000);
  let pg: PrivatePostgres;
  let redis: TestRedis;
  const hosts: ClusterHost[] = [];
  let watcher: AgentWatcher | undefined;

  before(async () => {
    pg = await startPrivatePostgres();
    redis = await startTestRedis();
    hosts.push(await startClusterHost('A', { databaseUrl: pg.url, redisUrl: redis.url }));
    hosts.push(await startClusterHost('B', { databaseUrl: pg.url, redisUrl: redis.url }));
  });
  after(async () => {
    watcher?.close();
    await Promise.all(hosts.map((h) => h.stop()));
    await redis?.stop();
    await pg?.destroy();
  });

  it('requests fail fast with 503 while it is down, both hosts serve again within 10 s of it being back, and nothing acknowledged is lost', async () => {
    const [a, b] = hosts as [ClusterHost, ClusterHost];
    const { token, siteKey } = await setUp(a.url);
    const visitors = await Promise.all(Array.from({ length: 12 }, (_, i) => openVisitor(i % 2 ? b.url : a.url, siteKey, `drill-c-${i}`)));
    watcher = new AgentWatcher(token);
    for (const v of visitors) watcher.follow(v.conversationId);
    await watcher.connect(b.url);
    const load = new MessageLoad(visitors, (i) => (i % 2 ? b.url : a.url));
    let downAt = 0;
    let upAt = 0;
    try {
      await waitFor(() => load.acked().length >= 40, { what: '40 messages acknowledged', timeoutMs: 30_000 });
      downAt = performance.now();
      await pg.stop();
      // While it is down: every host answers, with 503, for a while.
      await waitFor(() => load.results.filter((s) => s.at > downAt && s.status === 503).length >= 20, {
        what: '20 answers while the database is down',
        timeoutMs: 30_000,
      }).catch((err: Error) => {
        throw new Error(`${err.message}; answers since it stopped: ${load.summary(downAt)}; in flight: ${load.inFlight}`);
      });
      await pg.start();
      upAt = performance.now();
      for (const h of hosts)
        await waitFor(() => load.results.some((s) => s.host === h.url && s.at > upAt && s.status === 201), {
          what: `host ${h.name} to acknowledge a message again`,
          timeoutMs: 30_000,
        });
    } finally {
      await load.stop();
    }
    const outage = load.results.filter((s) => s.at > downAt && s.status !== 201);
    const statuses = [...new Set(outage.map((s) => s.status))];
    expect(statuses, 'every failed request answered 503 (no 500, no request left without an answer)').to.deep.equal([503]);
    const slowest = Math.max(...outage.map((s) => s.ms));
    expect(slowest, 'the slowest 503 (ms): failing fast, not hanging').to.be.below(5000);
    const recovered = hosts.map(
      (h) => Math.min(...load.results.filter((s) => s.host === h.url && s.at > upAt && s.status === 201).map((s) => s.at)) - upAt,
    );
    expect(Math.max(...recovered), 'ms from the database being back to each host acknowledging again').to.be.below(10_000);
    // The agent's socket stayed on B; what it missed live it reads on sync (the host signals sync_required or the client redials).
    if (!watcher.connected) await watcher.connect(b.url);
    else await watcher.sync();
    await expectNothingLost(pg.url, watcher, load.acked());
    process.stdout.write(
      `      drill: ${load.acked().length} acknowledged, ${outage.length} answered 503 (slowest ${slowest.toFixed(0)} ms), recovered in ${recovered.map((r) => r.toFixed(0)).join(' / ')} ms\n`,
    );
  });
});
