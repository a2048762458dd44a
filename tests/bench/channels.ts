// `npm run bench -- channels`: inbound provider webhooks per second per channel (WhatsApp through
// Twilio, Messenger), each through the signature check and the parse in the plugin's sandbox and the
// commit, with latency percentiles, beside the web widget's ingest figure measured on the same host in
// the same run. One host process (tests/bench/_bench-host.ts with the channel plugins), Postgres.
import { createHmac } from 'node:crypto';
import { createTestDatabase } from '@bacon/host/testing';
import { startBenchHost, openVisitor, post, percentile, fmt } from './_widget-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CLIENTS = Number(process.env.BENCH_CONCURRENCY ?? 16);
// Senders spread over this many contacts (conversations) per channel; widget visitors likewise.
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 200);
const out = (s: string) => process.stdout.write(`${s}\n`);

const ACCOUNT = `AC${'b4'.repeat(16)}`;
const TWILIO_TOKEN = 'bench-twilio-auth-token';
const PAGE = '1029384756';
const APP_SECRET = 'bench-meta-app-secret';

interface Figure {
  name: string;
  committed: number;
  failed: number;
  rate: number;
  latencies: number[];
}

/** Runs `clients` loops of `send(n)` for `ms`, each send one message; counts 2xx answers and their latencies. */
async function drive(name: string, ms: number, clients: number, send: (n: number) => Promise<boolean>): Promise<Figure> {
  let seq = 0;
  let committed = 0;
  let failed = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  const until = t0 + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const n = ++seq;
        const s = performance.now();
        const ok = await send(n).catch(() => false);
        if (ok) {
          committed++;
          latencies.push(performance.now() - s);
        } else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return { name, committed, failed, rate: committed / elapsed, latencies: latencies.sort((a, b) => a - b) };
}

const report = (f: Figure) =>
  out(
    `  ${f.name.padEnd(16)} ${fmt(f.rate, 0).padStart(6)} msg/s  (${f.committed} committed, ${f.failed} failed)  p50 ${fmt(percentile(f.latencies, 50))} ms  p99 ${fmt(percentile(f.latencies, 99))} ms`,
  );

const db = await createTestDatabase('postgres');
const host = await startBenchHost({ databaseUrl: db.databaseUrl, redisUrl: process.env.REDIS_URL, channelPlugins: true });
try {
  const auth = { authorization: `Bearer ${host.token}` };
  const me = (await (await fetch(`${host.url}/api/v1/auth/me`, { headers: auth })).json()) as { tenantId: string };
  const setUp = async (pluginId: string, settings: Record<string, unknown>) => {
    const put = await fetch(`${host.url}/api/v1/plugins/${pluginId}/settings`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    if (put.status !== 200) throw new Error(`${pluginId} settings: ${put.status} ${await put.text()}`);
    await post(host.url, `/api/v1/plugins/${pluginId}/enable`, { grants: ['http', 'secrets'] }, auth);
  };
  await setUp('twilio-whatsapp', { accountSid: ACCOUNT, authToken: TWILIO_TOKEN, from: '+14155238886' });
  await setUp('messenger', { pageId: PAGE, pageAccessToken: 'EAAG-bench', appSecret: APP_SECRET, verifyToken: 'bench-verify-token' });
  const hook = (pluginId: string) => `${host.url}/api/v1/channels/${pluginId}/webhook/${me.tenantId}`;

  // Twilio: form-encoded, X-Twilio-Signature = base64(HMAC-SHA1(URL + sorted name/value pairs)).
  const twilioUrl = hook('twilio-whatsapp');
  const whatsapp = async (n: number) => {
    const p: Record<string, string> = {
      MessageSid: `SM${String(n).padStart(32, '0')}`,
      AccountSid: ACCOUNT,
      From: `whatsapp:+1500555${String(n % CONTACTS).padStart(4, '0')}`,
      To: 'whatsapp:+14155238886',
      Body: `bench message ${n}`,
      NumMedia: '0',
      ApiVersion: '2010-04-01',
    };
    const keys = Object.keys(p).sort();
    const signature = createHmac('sha1', TWILIO_TOKEN)
      .update(twilioUrl + keys.map((k) => k + p[k]).join(''))
      .digest('base64');
    const r = await fetch(twilioUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(p).toString(),
    });
    await r.arrayBuffer();
    return r.status === 200;
  };
  // Meta: JSON, X-Hub-Signature-256 = sha256=hex(HMAC-SHA256(raw body)).
  const messengerUrl = hook('messenger');
  const messenger = async (n: number) => {
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: PAGE,
          time: Date.now(),
          messaging: [
            {
              sender: { id: String(7_000_000 + (n % CONTACTS)) },
              recipient: { id: PAGE },
              timestamp: Date.now(),
              message: { mid: `m_bench_${n}`, text: `bench message ${n}` },
            },
          ],
        },
      ],
    });
    const r = await fetch(messengerUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    await r.arrayBuffer();
    return r.status === 200;
  };
  // The web widget: a visitor's message on their conversation (what `npm run bench -- ingest` measures).
  const visitors = await Promise.all(
    Array.from({ length: Math.min(CONTACTS, 50) }, async (_, i) => {
      const v = await openVisitor(host);
      const start = await post(host.url, '/widget/v1/conversations', { text: 'hello', clientMessageId: `chb-start-${i}` }, v.headers);
      return { headers: v.headers, conversationId: (start.conversation as { id: string }).id };
    }),
  );
  const widget = async (n: number) => {
    const v = visitors[n % visitors.length]!;
    const r = await fetch(`${host.url}/widget/v1/conversations/${v.conversationId}/messages`, {
      method: 'POST',
      headers: { ...v.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ text: `w${n}`, clientMessageId: `chb-${String(n).padStart(8, '0')}` }),
    });
    await r.arrayBuffer();
    return r.status === 201;
  };

  out(`inbound messages, ${CLIENTS} concurrent senders over ${CONTACTS} contacts per channel, ${SECONDS} s each (after 2 s of warm-up)`);
  const figures: Figure[] = [];
  for (const [name, send] of [
    ['web (ingest)', widget],
    ['whatsapp', whatsapp],
    ['messenger', messenger],
  ] as const) {
    await drive(name, 2000, CLIENTS, (n) => send(n + 10_000_000));
    const f = await drive(name, SECONDS * 1000, CLIENTS, send);
    figures.push(f);
    report(f);
  }
  const web = figures[0]!.rate;
  for (const f of figures.slice(1))
    out(`  ${f.name} / web: ${fmt(f.rate / web, 2)} (the sandboxed signature check and parse, per message)`);
} finally {
  await host.stop();
  await db.drop();
}
