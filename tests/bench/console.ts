// The console with a busy inbox: BENCH_CONVERSATIONS open conversations (default 5,000), then, in
// Debian chromium, the time from pressing "Sign in" to an interactive inbox (the first page of the
// list drawn and the views' counts in), from a reload of the signed-in page to the same point (the
// browser revalidates its cache), and from pressing j to the first conversation open. Each measured
// BENCH_RUNS times in fresh browser contexts; prints p50 and max, the JS heap and the list's rows.
import { randomUUID } from 'node:crypto';
import { definePlugin } from '@bacon/sdk';
import { createTestUser, startTestHost } from '@bacon/host/testing';
import type { InboxApi } from '@bacon/inbox-contract';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { consoleBuilt, launchChromium, loopbackContext, uiPlugins } from '../e2e/console-support.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 5000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const out = (s: string) => process.stdout.write(`${s}\n`);

let api: InboxApi | undefined;
const probe = definePlugin({
  id: 'bench-probe',
  version: '0.0.0',
  dependencies: { inbox: '*' },
  init: (ctx) => void (api = ctx.use<InboxApi>('inbox')),
});

await consoleBuilt();
const host = await startTestHost({
  backend: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  plugins: [inbox, channelsPlugin(), ...uiPlugins(), probe],
});
const browser = await launchChromium();
try {
  const agent = await createTestUser(host, {
    role: 'agent',
    name: 'Bench',
    email: 'bench@console.test',
    password: 'correct-horse-battery',
  });
  const t0 = performance.now();
  let next = 0;
  // The real write path (contacts, sequence numbers, events), eight at a time.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = next++; i < CONVERSATIONS; i = next++)
        await api!.ingestInbound(agent.user.tenantId, {
          channel: 'web',
          externalConversationId: randomUUID(),
          externalMessageId: randomUUID(),
          contact: { externalId: `v-${i}`, name: `Visitor ${i}` },
          text: `Question number ${i}: where is my order?`,
        });
    }),
  );
  out(`conversations: ${CONVERSATIONS} open (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s), ${RUNS} runs`);

  const signIn: number[] = [];
  const reload: number[] = [];
  const open: number[] = [];
  let heapMb = 0;
  let rows = 0;
  for (let run = 0; run < RUNS; run++) {
    const { context, page } = await loopbackContext(browser);
    const interactive = async () => {
      await page.locator('.conv-list li').first().waitFor({ timeout: 120_000 });
      await page.locator(`button[data-view="all"] .count[data-count="${CONVERSATIONS}"]`).waitFor({ timeout: 120_000 });
    };
    await page.goto(`${host.url}/webui.html`);
    await page.getByLabel('Email', { exact: true }).fill('bench@console.test');
    await page.getByLabel('Password', { exact: true }).fill('correct-horse-battery');
    let start = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await interactive();
    signIn.push(performance.now() - start);

    start = performance.now();
    await page.reload();
    await interactive();
    reload.push(performance.now() - start);

    start = performance.now();
    await page.locator('.conv-list').focus();
    await page.keyboard.press('j');
    await page.locator('.inbox-open-pane textarea').first().waitFor({ timeout: 60_000 });
    open.push(performance.now() - start);

    rows = await page.locator('.conv-list li').count();
    heapMb = Math.max(
      heapMb,
      (await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) /
        2 ** 20,
    );
    await context.close();
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const line = (label: string, xs: number[]) => out(`${label}: p50 ${pct(xs, 50).toFixed(0)} ms, max ${pct(xs, 100).toFixed(0)} ms`);
  line('sign-in -> interactive inbox', signIn);
  line('reload -> interactive inbox', reload);
  line('j -> first conversation open', open);
  out(`list rows drawn: ${rows} (paged; the rest on "Load more"), JS heap used: ${heapMb.toFixed(1)} MB`);
} finally {
  await browser.close();
  await host.close();
}
