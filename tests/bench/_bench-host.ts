// A host process for the realtime benchmarks: the kernel with the inbox and the channels plugin,
// configured from the environment like `npm start` (no UI build). Prints `READY <url>` when it serves.
// On SIGUSR2 it prints `STATS {"queries":n,"statements":n}`: every query the pg driver sent (one round
// trip each) and the statements in them, counted by wrapping the driver's query, so a benchmark can
// report statements per message counted, not estimated.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createHost, defaultModules, loadConfig, createLogger } from '@bacon/host';
import { inboxPlugin } from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';

const counts = { queries: 0, statements: 0 };
// BENCH_STATEMENTS=1: also count each statement text (first 120 characters), printed on SIGUSR2, to see where round trips go.
const texts = process.env.BENCH_STATEMENTS === '1' ? new Map<string, number>() : undefined;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  const q = args[0];
  const text = typeof q === 'string' ? q : (q as { text?: string } | undefined)?.text;
  if (typeof text === 'string') {
    counts.queries++;
    if (texts) texts.set(text.replace(/\s+/g, ' ').slice(0, 120), (texts.get(text.replace(/\s+/g, ' ').slice(0, 120)) ?? 0) + 1);
    counts.statements += Math.max(
      1,
      text
        .replace(/'[^']*'/g, '')
        .split(';')
        .filter((s) => s.trim()).length,
    );
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
process.on('SIGUSR2', () => {
  if (texts)
    for (const [t, n] of [...texts].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stderr.write(`${String(n).padStart(7)} ${t}\n`);
  process.stdout.write(`STATS ${JSON.stringify(counts)}\n`);
});

const config = loadConfig();
// BENCH_CHANNEL_PLUGINS=1 (the channels bench): the sandboxed WhatsApp and Messenger plugins too, and
// webhook limits high enough that the bench measures the work, not the rate limiter.
const channelPlugins =
  process.env.BENCH_CHANNEL_PLUGINS === '1'
    ? [
        fileURLToPath(new URL('../../official-plugins/twilio-whatsapp/src/index.ts', import.meta.url)),
        fileURLToPath(new URL('../../official-plugins/messenger/src/index.ts', import.meta.url)),
      ]
    : [];
const channels = channelPlugins.length
  ? channelsPlugin({ webhooks: { maxInFlight: 4096, rate: { points: 10_000_000, duration: 60 } } })
  : channelsPlugin();
// BENCH_GROUP_COMMIT=1: the inbox's group commit on (off by default), to measure it both ways.
const inbox = inboxPlugin({ groupCommit: process.env.BENCH_GROUP_COMMIT === '1' });
const modules = await defaultModules(config, { plugins: [inbox, channels, ...channelPlugins] });
const host = createHost({ config, logger: createLogger(config), modules });
const url = await host.start();
process.stdout.write(`READY ${url}\n`);
const stop = () => void host.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
