// `npm run bench -- fanout`: N concurrent widget sockets on one host, ramped to 10,000 or to the
// first failure; at each step, the message-to-agent latency (visitor HTTP send -> agent socket)
// p50/p99 and the host's RSS. The host runs in its own process, so each side has its own file
// descriptors (one socket each); the ceiling is `ulimit -n` of either process.
import type { Socket } from 'socket.io-client';
import { readFile } from 'node:fs/promises';
import { createTestDatabase } from '@bacon/host/testing';
import { startBenchHost, openVisitor, connectSocket, post, rssMb, percentile, fmt } from './_widget-load.js';

const fdLimit = async (pid: number) => /Max open files\s+(\d+)/.exec(await readFile(`/proc/${pid}/limits`, 'utf8'))?.[1] ?? '?';

const TARGET = Number(process.env.BENCH_SOCKETS ?? 10_000);
const STEPS = [1_000, 2_500, 5_000, 7_500, 10_000].filter((n) => n < TARGET).concat(TARGET);
const SESSIONS = Math.min(250, TARGET);
const PROBES = 200;
const BATCH = 250;
const SENDERS = Math.min(50, Math.ceil(TARGET / 4));

// A fresh database on the DATABASE_URL server (dropped afterwards), or a fresh PGlite dir.
const db = process.env.DATABASE_URL ? await createTestDatabase('postgres') : undefined;
const host = await startBenchHost({ databaseUrl: db?.databaseUrl, redisUrl: process.env.REDIS_URL });
const sockets: Socket[] = [];
try {
  // Sockets share a pool of visitor sessions (several tabs per visitor); each is a real connection.
  const tokens = await Promise.all(Array.from({ length: SESSIONS }, () => openVisitor(host).then((v) => v.token)));
  const agent = await connectSocket(host.url, '/agent', host.token);
  // Probes rotate over visitors: one visitor may send 60 messages a minute (widgetMessage).
  const senders = await Promise.all(
    Array.from({ length: SENDERS }, async (_, i) => {
      const v = await openVisitor(host);
      const start = await post(
        host.url,
        '/widget/v1/conversations',
        { text: 'bench', clientMessageId: `fanout-start-${String(i).padStart(4, '0')}` },
        v.headers,
      );
      return { headers: v.headers, conversationId: (start.conversation as { id: string }).id };
    }),
  );
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  agent.on('event', (e: { topic: string; payload: { message?: { body?: string } } }) => {
    const body = e.topic === 'message.created' ? e.payload.message?.body : undefined;
    const t0 = body ? pending.get(body) : undefined;
    if (t0 !== undefined) {
      latencies.push(performance.now() - t0);
      pending.delete(body!);
    }
  });
  process.stdout.write(
    `host pid ${host.pid}, RSS at boot ${fmt(await rssMb(host.pid))} MB; open-files limit: host ${await fdLimit(host.pid)}, clients ${await fdLimit(process.pid)}\n`,
  );
  process.stdout.write('sockets  connect/s  p50 ms  p99 ms  host RSS MB\n');
  let failure: string | undefined;
  let probe = 0;
  for (const step of STEPS) {
    const t0 = performance.now();
    const before = sockets.length;
    while (sockets.length < step && !failure) {
      const n = Math.min(BATCH, step - sockets.length);
      const made = await Promise.allSettled(
        Array.from({ length: n }, (_, i) => connectSocket(host.url, '/widget', tokens[(sockets.length + i) % SESSIONS]!)),
      );
      for (const r of made) {
        if (r.status === 'fulfilled') sockets.push(r.value);
        else failure ??= (r.reason as Error).message;
      }
    }
    const rate = (sockets.length - before) / ((performance.now() - t0) / 1000);
    latencies.length = 0;
    for (let i = 0; i < PROBES; i++) {
      const text = `probe ${++probe}`;
      pending.set(text, performance.now());
      const sender = senders[probe % SENDERS]!;
      await post(
        host.url,
        `/widget/v1/conversations/${sender.conversationId}/messages`,
        { text, clientMessageId: `fanout-probe-${String(probe).padStart(6, '0')}` },
        sender.headers,
      );
    }
    const deadline = Date.now() + 10_000;
    while (pending.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const sorted = [...latencies].sort((a, b) => a - b);
    process.stdout.write(
      `${String(sockets.length).padStart(7)}  ${fmt(rate, 0).padStart(9)}  ${fmt(percentile(sorted, 50)).padStart(6)}  ${fmt(percentile(sorted, 99)).padStart(6)}  ${fmt(await rssMb(host.pid)).padStart(11)}${pending.size ? `  (${pending.size} probes lost)` : ''}\n`,
    );
    pending.clear();
    if (failure) {
      process.stdout.write(`stopped at ${sockets.length} sockets: first failure: ${failure}\n`);
      break;
    }
  }
  process.stdout.write(`result: ${sockets.length} concurrent widget sockets on one host${failure ? ' (ceiling reached)' : ''}\n`);
  agent.close();
} finally {
  for (const s of sockets) s.close();
  await host.stop();
  await db?.drop();
}
