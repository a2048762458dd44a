import { fileURLToPath } from 'node:url';
import { componentFallbackText, definePlugin, type CapabilityName, type MessageComponent, type PluginDefinition } from '@bacon/sdk';
import type { TestLookup } from './plugin-test-host.js';

/** A webhook as the provider would send it: headers (its signature among them) and the raw body. */
export interface ProviderRequest {
  headers: Record<string, string>;
  body: string;
}

export interface ChannelContractSpec {
  /** The channel plugin's entry file (run sandboxed, like a published plugin), its id and its channel name. */
  entry: string | URL;
  pluginId: string;
  channel: string;
  /** The trusted plugins the channel needs: the inbox and the channels plugin (your dev dependencies). */
  hostPlugins: unknown[];
  /** The tenant's settings for the plugin (secrets included), and the grants the admin gives. */
  settings: Record<string, unknown>;
  grants?: CapabilityName[];
  dnsLookup?: TestLookup;
  /** One inbound message, shaped and signed exactly as the provider documents it (`url`: the webhook URL it calls). */
  inbound(input: { url: string; messageId: string; from: string; text: string }): ProviderRequest;
  /** A status callback for a message the adapter sent (`externalMessageId`: what `send` answered). */
  status(input: { url: string; externalMessageId: string; status: 'delivered' }): ProviderRequest;
  /**
   * Intercepts the provider's send API once (nock), answering `externalMessageId` as the provider
   * documents a success. `sent`, when given, is called with the message text as the provider received
   * it (decode your API's request body: Twilio's form `Body`, Meta's `message.text`).
   */
  stubSend(externalMessageId: string, sent?: (text: string) => void): void;
  /** Intercepts the send API once with the provider's documented rate-limit answer: HTTP 429 and `Retry-After: retryAfterSeconds`. */
  stubRateLimited(retryAfterSeconds: number): void;
  /**
   * Intercepts the send API once with a permanent refusal, shaped as the provider documents its errors
   * (an invalid recipient, say). Returns a part of the provider's reason (its error code) that the
   * failed delivery's message must carry.
   */
  stubRefused(): string;
  /** The same request with a signature that must be refused (default: one byte more of body). */
  forge?(request: ProviderRequest): ProviderRequest;
  /** Copies of one webhook sent at once (default 1000). */
  duplicates?: number;
}

export interface ChannelContractReport {
  channel: string;
  passed: string[];
}

interface HostTesting {
  requestJson(
    baseUrl: string,
    headers: Record<string, string> | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  startTestHost(opts: { plugins: unknown[]; pluginOptions?: { dnsLookup?: TestLookup } }): Promise<{ url: string; close(): Promise<void> }>;
  createTestUser(host: unknown, opts: { role: 'admin' }): Promise<{ headers: Record<string, string>; user: { tenantId: string } }>;
  waitFor<T>(check: () => T | Promise<T>, opts: { what: string; timeoutMs?: number }): Promise<NonNullable<T>>;
}

interface InboxLike {
  ingestInbound(tenantId: string, m: Record<string, unknown>): Promise<{ conversation: { id: string } }>;
  findConversationByExternalId(tenantId: string, channel: string, externalId: string): Promise<{ id: string } | undefined>;
  listMessagesSince(
    tenantId: string,
    conversationId: string,
    afterSeq: number,
    limit?: number,
  ): Promise<{ id: string; externalId: string | null }[]>;
}

class ContractFailure extends Error {
  constructor(check: string, detail: string) {
    super(`channel contract: ${check}: ${detail}`);
    this.name = 'ContractFailure';
  }
}

function expectThat(ok: unknown, check: string, detail: string): void {
  if (!ok) throw new ContractFailure(check, detail);
}

/**
 * The channel contract every adapter must pass, run against a real host (the inbox, the channels
 * plugin, your plugin sandboxed): a signed webhook is stored and a forged one refused (403); the same
 * webhook delivered 1,000 times at once is one message; a reply goes out through `send` and the
 * provider's status callback moves it to `delivered`; a component the channel cannot render goes out
 * as its text fallback; a 429 is retried after its Retry-After and then sent; a permanent refusal
 * fails the message once, with the provider's reason; the same provider ids on another channel make
 * another conversation. Framework-neutral: it resolves with the checks passed, or throws naming
 * the first that failed. Needs `@bacon/host` installed, and nock for the provider's API.
 */
export async function runChannelContract(spec: ChannelContractSpec): Promise<ChannelContractReport> {
  const hostModule = '@bacon/host/testing';
  const testing = (await import(hostModule)) as HostTesting;
  let inbox: InboxLike | undefined;
  const probe: PluginDefinition = definePlugin({
    id: 'channel-contract-probe',
    version: '0.0.0',
    dependencies: { inbox: '*' },
    init: (ctx) => void (inbox = ctx.use<InboxLike>('inbox')),
  });
  const entry = typeof spec.entry === 'string' ? spec.entry : fileURLToPath(spec.entry);
  const host = await testing.startTestHost({
    plugins: [...spec.hostPlugins, probe, entry],
    pluginOptions: { dnsLookup: spec.dnsLookup ?? (async () => [{ address: '93.184.216.34', family: 4 }]) },
  });
  const passed: string[] = [];
  try {
    const admin = await testing.createTestUser(host, { role: 'admin' });
    const tenantId = admin.user.tenantId;
    const api = (method: string, path: string, body?: unknown) => testing.requestJson(host.url, admin.headers, method, path, body);
    const { pluginId, channel } = spec;
    const settings = await api('PUT', `/api/v1/plugins/${pluginId}/settings`, spec.settings);
    expectThat(settings.status === 200, 'setup', `saving the settings answered ${settings.status} ${JSON.stringify(settings.body)}`);
    const enabled = await api('POST', `/api/v1/plugins/${pluginId}/enable`, { grants: spec.grants ?? ['http', 'secrets'] });
    expectThat(enabled.status === 200, 'setup', `enabling answered ${enabled.status} ${JSON.stringify(enabled.body)}`);
    const url = `${host.url}/api/v1/channels/${pluginId}/webhook/${tenantId}`;
    const post = (req: ProviderRequest) => fetch(url, { method: 'POST', headers: req.headers, body: req.body });
    /** Posts until the host takes it: a provider retries 503, 429 and failed connections, and so does the suite. */
    const deliver = async (req: ProviderRequest): Promise<number> => {
      for (let i = 0; ; i++) {
        const status = await post(req).then(
          async (r) => (await r.arrayBuffer(), r.status),
          (err: unknown) => {
            if (i > 50) throw err;
            return 0;
          },
        );
        if ((status !== 0 && status !== 503 && status !== 429) || i > 50) return status;
        await new Promise((done) => setTimeout(done, 20 + Math.random() * 80));
      }
    };
    const from = `contract-${Date.now()}`;

    // 1. Signatures: forged refused with 403 and nothing stored; the genuine one stored.
    const first = spec.inbound({ url, messageId: `${from}-m1`, from, text: 'Contract hello' });
    const forged = spec.forge ? spec.forge(first) : { ...first, body: `${first.body} ` };
    const refused = await post(forged);
    expectThat(refused.status === 403, 'signature refused', `a forged webhook answered ${refused.status}, not 403`);
    const accepted = await deliver(first);
    expectThat(accepted >= 200 && accepted < 300, 'signature accepted', `a signed webhook answered ${accepted}`);
    const conversation = await inbox!.findConversationByExternalId(tenantId, channel, from);
    expectThat(conversation, 'signature accepted', 'no conversation for the sender');
    passed.push('signature accepted and refused');

    // 2. The same webhook, many times at once: one message.
    const copies = spec.duplicates ?? 1000;
    const again = spec.inbound({ url, messageId: `${from}-m2`, from, text: 'Delivered many times' });
    const statuses = await Promise.all(Array.from({ length: copies }, () => deliver(again)));
    const bad = statuses.filter((s) => s < 200 || s >= 300);
    expectThat(!bad.length, 'idempotent ingest', `${bad.length} of ${copies} copies were not accepted (${[...new Set(bad)].join(', ')})`);
    const messages = await inbox!.listMessagesSince(tenantId, conversation!.id, 0, 10_000);
    const copiesStored = messages.filter((m) => m.externalId === `${from}-m2`).length;
    expectThat(copiesStored === 1, 'idempotent ingest', `${copies} copies made ${copiesStored} messages`);
    passed.push(`${copies} concurrent copies of one webhook are one message`);

    // 3. Status mapping: a reply is sent, the provider's callback makes it delivered.
    type DeliveryRow = {
      messageId: string;
      status: string;
      externalId: string | null;
      error: { code: string; message: string } | null;
      attempts: number;
    };
    const deliveryOf = async (messageId: string) =>
      ((await api('GET', `/api/v1/channels/conversations/${conversation!.id}/deliveries`)).body.deliveries as DeliveryRow[]).find(
        (d) => d.messageId === messageId,
      );
    /** An agent reply over HTTP, then its delivery once the sender is done with it (sent or failed). */
    const replyAndSettle = async (check: string, body: { text: string; components?: MessageComponent[] }) => {
      const reply = await api('POST', `/api/v1/conversations/${conversation!.id}/messages`, body);
      expectThat(reply.status === 201, check, `the agent reply answered ${reply.status} ${JSON.stringify(reply.body)}`);
      return testing.waitFor(
        async () => {
          const d = await deliveryOf(String(reply.body.id));
          return d && d.status !== 'queued' ? d : undefined;
        },
        { what: `the send (${check})`, timeoutMs: 30_000 },
      );
    };
    const externalId = `${from}-out-1`;
    spec.stubSend(externalId);
    const sent = await replyAndSettle('status mapping', { text: 'Contract reply' });
    expectThat(sent.status === 'sent' && sent.externalId === externalId, 'status mapping', `the send ended ${JSON.stringify(sent)}`);
    const callback = await deliver(spec.status({ url, externalMessageId: externalId, status: 'delivered' }));
    expectThat(callback >= 200 && callback < 300, 'status mapping', `the status callback answered ${callback}`);
    const delivered = await deliveryOf(sent.messageId);
    expectThat(delivered?.status === 'delivered', 'status mapping', `after the callback the delivery is ${delivered?.status}`);
    passed.push('a reply is sent and its status callback maps to delivered');

    // 3b. A component no channel renders natively goes out as its text fallback.
    const survey: MessageComponent = { type: 'survey', question: 'Contract survey: how did we do?', scale: 5 };
    const fallback = componentFallbackText(survey);
    let received: string | undefined;
    spec.stubSend(`${from}-out-2`, (text) => (received = text));
    const degraded = await replyAndSettle('degraded component', { text: 'Before the survey', components: [survey] });
    expectThat(degraded.status === 'sent', 'degraded component', `the send ended ${JSON.stringify(degraded)}`);
    expectThat(
      typeof received === 'string' && received.includes('Before the survey') && received.includes(fallback),
      'degraded component',
      `the provider received ${JSON.stringify(received)}, not the text and the fallback ${JSON.stringify(fallback)}`,
    );
    passed.push('an unsupported component is sent as its text fallback');

    // 3c. A 429 with Retry-After: the send waits, retries and is delivered.
    spec.stubRateLimited(1);
    spec.stubSend(`${from}-out-3`);
    const retried = await replyAndSettle('rate limited', { text: 'After a 429' });
    expectThat(
      retried.status === 'sent' && retried.externalId === `${from}-out-3` && retried.attempts >= 2,
      'rate limited',
      `after a 429 the send ended ${JSON.stringify(retried)}`,
    );
    passed.push('a send answered 429 is retried after Retry-After, then sent');

    // 3d. A permanent refusal: failed once (no retry), with the provider's reason on the message.
    const reason = spec.stubRefused();
    const refusedSend = await replyAndSettle('permanent error', { text: 'To a refused recipient' });
    expectThat(
      refusedSend.status === 'failed' &&
        refusedSend.attempts === 1 &&
        !!refusedSend.error?.code &&
        refusedSend.error.message.includes(reason),
      'permanent error',
      `a permanent refusal ended ${JSON.stringify(refusedSend)} (its reason should name ${JSON.stringify(reason)})`,
    );
    passed.push("a permanent error is reported on the message with the provider's reason");

    // 4. The same provider ids on another channel are another conversation; neither sees the other's messages.
    const twin = await inbox!.ingestInbound(tenantId, {
      channel: `${channel}-contract-twin`,
      externalConversationId: from,
      externalMessageId: `${from}-m1`,
      contact: { externalId: from },
      text: 'Same ids, other channel',
    });
    expectThat(twin.conversation.id !== conversation!.id, 'channels apart', 'the other channel reused the conversation');
    const after = await inbox!.listMessagesSince(tenantId, conversation!.id, 0, 10_000);
    expectThat(
      after.filter((m) => m.externalId === `${from}-m1`).length === 1,
      'channels apart',
      'the other channel added a message to this conversation',
    );
    passed.push("two channels' ids never merge");
    return { channel, passed };
  } finally {
    await host.close();
  }
}
