// Figures for the sandbox: in-process vs sandboxed round trips, a kv call, isolate cold start,
// memory per runner and per idle isolate, the host's event-loop lag while a plugin burns CPU, and
// a host API call's p99 idle and while one plugin burns CPU and another bombs memory. No assertions.
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, createTestTenant, createTestUser } from '@bacon/host/testing';
import { bundlePlugin, writeInstall, pluginsService, type ProcessSandbox } from '@bacon/host';

const N = Number(process.env.BENCH_CALLS ?? 5000);
const WARMUP = Math.min(500, N);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(3)} ms`;
const line = (name: string, xs: number[]) =>
  console.log(`${name.padEnd(44)} p50 ${ms(pct(xs, 50)).padStart(10)}  p99 ${ms(pct(xs, 99)).padStart(10)}  (n=${xs.length})`);

async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const rssKb = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

const entry = fileURLToPath(new URL('./_sandbox-plugin.ts', import.meta.url));
const bomber = fileURLToPath(new URL('./_sandbox-bomber.ts', import.meta.url));
const trusted = definePlugin({
  id: 'inproc',
  version: '1.0.0',
  actions: { noop: { input: { type: 'object' }, run: (input: { n?: number }) => ({ n: input.n ?? 0 }) } },
});
const host = await startTestHost({
  plugins: [trusted, entry, bomber],
  config: { sandboxCpuTimeoutMs: 5000, sandboxCallDeadlineMs: 10000, rateApiUser: '1000000/60', rateApiIp: '1000000/60' },
});
try {
  const runtime = host.service(pluginsService);
  const calls = runtime.calls!;
  const sandbox = runtime.sandbox as unknown as ProcessSandbox;
  const tenantId = (await createTestTenant(host)).id;
  await writeInstall(host.services.db.knex, tenantId, 'bench', { enabled: true, grants: ['kv'] });
  await writeInstall(host.services.db.knex, tenantId, 'bomber', { enabled: true, grants: ['kv'] });
  const record = runtime.get('bench')!;
  const runners = sandbox.runners;
  const rss = await Promise.all(runners.pids().map(rssKb));
  console.log(
    `sandbox runners                               ${rss.length} (one per plugin), RSS ${rss.map((k) => `${(k / 1024).toFixed(0)} MB`).join(', ')}`,
  );

  console.log(`sandbox benchmark: ${N} calls each after ${WARMUP} warm-up calls`);
  line('in-process (trusted) action, full call path', await time(N, (i) => calls.invoke('inproc', 'action', 'noop', { n: i }, tenantId)));
  line('sandboxed action, full call path', await time(N, (i) => calls.invoke('bench', 'action', 'noop', { n: i }, tenantId)));
  line(
    'sandboxed action, runner round trip only',
    await time(N, (i) => sandbox.call(record, 'action', 'noop', { n: i }, { tenantId, grants: new Set(['kv']) }, {})),
  );
  line('sandboxed action with one kv.get', await time(Math.min(N, 2000), () => calls.invoke('bench', 'action', 'kvRead', {}, tenantId)));

  const { code } = await bundlePlugin(entry);
  const limits = { memoryMb: 32, cpuTimeoutMs: 1000, maxValueBytes: 1048576 };
  const cold: number[] = [];
  const coldHost: number[] = [];
  // A cold start is what a plugin version pays when its isolate (re)starts: new isolate, context,
  // bootstrap, the compiled code from the id@version+sha256 cache, its top level, its manifest.
  for (let i = 0; i < 61; i++) {
    const t = performance.now();
    const r = await runners.register('cold@1.0.0', 'bench-cold', 'cold', code, limits);
    if (i > 0) (coldHost.push(performance.now() - t), cold.push(r.coldStartMs));
  }
  runners.dispose('cold@1.0.0');
  console.log(`isolate cold start (runner side)              p50 ${ms(pct(cold, 50))}  p95 ${ms(pct(cold, 95))}`);
  console.log(`isolate cold start (host to ready, with IPC)  p50 ${ms(pct(coldHost, 50))}  p95 ${ms(pct(coldHost, 95))}`);

  await new Promise((r) => setTimeout(r, 200));
  // In a runner of their own: the first idle isolate starts it, the other 49 are measured.
  await runners.register('idle-0@1.0.0', 'bench-idle', 'idle-0', code, limits);
  await new Promise((r) => setTimeout(r, 200));
  const pid = runners.pidOf('idle-0@1.0.0')!;
  const before = await rssKb(pid);
  for (let i = 1; i < 50; i++) await runners.register(`idle-${i}@1.0.0`, 'bench-idle', `idle-${i}`, code, limits);
  await new Promise((r) => setTimeout(r, 500));
  const after = await rssKb(pid);
  const heaps = (await runners.stats()).filter((s) => s.key.startsWith('idle-'));
  const avgHeap = heaps.reduce((a, s) => a + s.usedHeap, 0) / heaps.length;
  console.log(
    `memory per idle isolate (50 loaded)           runner RSS +${((after - before) / 1024 / 49).toFixed(2)} MB each, V8 heap used ${(avgHeap / 1024 / 1024).toFixed(2)} MB each (runner RSS ${(after / 1024).toFixed(0)} MB)`,
  );
  for (let i = 0; i < 50; i++) runners.dispose(`idle-${i}@1.0.0`);

  // Event-loop lag of the host: 3 s with the host serving a light call every 2 ms, first with
  // nothing else, then while a plugin burns CPU in back-to-back 500 ms calls.
  const lag = async (burn: boolean) => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const stopAt = Date.now() + 3000;
    let burns = 0;
    const burner = burn
      ? (async () => {
          while (Date.now() < stopAt) (await calls.invoke('bench', 'action', 'burn', { ms: 500 }, tenantId), burns++);
        })()
      : Promise.resolve();
    let served = 0;
    while (Date.now() < stopAt) {
      await calls.invoke('inproc', 'action', 'noop', {}, tenantId);
      served++;
      await new Promise((r) => setTimeout(r, 2));
    }
    await burner;
    h.disable();
    return `p50 ${ms(h.percentile(50) / 1e6)}  p99 ${ms(h.percentile(99) / 1e6)}  max ${ms(h.max / 1e6)}  (${served} host calls${burn ? `, ${burns} x 500 ms plugin burns` : ''})`;
  };
  console.log(`host event-loop lag, idle baseline            ${await lag(false)}`);
  console.log(`host event-loop lag while a plugin burns CPU  ${await lag(true)}`);

  // A normal host API call (GET /api/v1/auth/me, over HTTP) for 4 s, idle, then while plugin
  // `bench` burns CPU in back-to-back 200 ms calls and plugin `bomber` fills its isolate and sends
  // 12 MiB kv values, over and over. The attackers go straight to the sandbox (no breaker stops them).
  const user = await createTestUser(host, { role: 'agent', tenantId });
  const bomberRecord = runtime.get('bomber')!;
  const scope = { tenantId, grants: new Set(['kv'] as const) };
  const apiP99 = async (attack: boolean) => {
    const stopAt = Date.now() + 4000;
    const counts = { burns: 0, bombs: 0, restarts: runners.restarts };
    const attackers = attack
      ? [
          (async () => {
            while (Date.now() < stopAt)
              (await sandbox.call(record, 'action', 'burn', { ms: 200 }, scope, {}),
                counts.burns++,
                await new Promise((r) => setImmediate(r)));
          })(),
          (async () => {
            for (let i = 0; Date.now() < stopAt; i++)
              (await sandbox.call(bomberRecord, 'action', i % 2 ? 'bigKv' : 'bomb', {}, scope, {}),
                counts.bombs++,
                await new Promise((r) => setImmediate(r)));
          })(),
        ]
      : [];
    const xs: number[] = [];
    while (Date.now() < stopAt) {
      const t = performance.now();
      const r = await fetch(`${host.url}/api/v1/auth/me`, { headers: user.headers });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET /api/v1/auth/me answered ${r.status}`);
      xs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(attackers);
    return { p50: pct(xs, 50), p99: pct(xs, 99), n: xs.length, ...counts, restarts: runners.restarts - counts.restarts };
  };
  const idle = await apiP99(false);
  const attacked = await apiP99(true);
  console.log(`host API p99 (GET /api/v1/auth/me), idle      p50 ${ms(idle.p50)}  p99 ${ms(idle.p99)}  (n=${idle.n})`);
  console.log(
    `host API p99 under attack                     p50 ${ms(attacked.p50)}  p99 ${ms(attacked.p99)}  (n=${attacked.n}; ${attacked.burns} x 200 ms burns, ${attacked.bombs} memory bombs / 12 MiB kv values, ${attacked.restarts} runner restarts)`,
  );
  console.log(`host API p99 ratio under attack / idle        ${(attacked.p99 / idle.p99).toFixed(2)}x (target < 2x)`);
} finally {
  await host.close();
}
