import { definePlugin, type TriggerDef } from '@bacon/sdk';
import { HOOK_EVENTS, PAYLOAD_SCHEMAS, type HookEvent } from './events.js';
import { listSubscriptions, subscribe, unsubscribe } from './subscriptions.js';
import { deliver } from './deliver.js';
import { sendSignedWebhook } from './signed-webhook.js';

export { HOOK_EVENTS, PAYLOAD_SCHEMAS } from './events.js';

/**
 * Hosts the signed webhook action may call for every tenant: Zapier and the common automation tools.
 * Each tenant's admin adds their own tool's host in the `webhookHosts` setting.
 */
export const WEBHOOK_HOSTS = [
  'hooks.zapier.com',
  '*.make.com',
  '*.n8n.cloud',
  '*.m.pipedream.net',
  'hooks.slack.com',
  '*.webhook.office.com',
];

const SUBSCRIPTION = {
  type: 'object',
  required: ['id', 'event', 'hookUrl', 'createdAt'],
  properties: { id: { type: 'string' }, event: { enum: HOOK_EVENTS }, hookUrl: { type: 'string' }, createdAt: { type: 'string' } },
};

/** The durable topic each hook event is read from. */
const TOPIC: Record<HookEvent, string> = {
  'conversation.created': 'conversation.created',
  'conversation.closed': 'conversation.transitioned',
  'message.created': 'message.created',
  'csat.answered': 'csat.answered',
};

const eventTrigger = (hook: HookEvent, title: string): TriggerDef => ({
  title,
  description: `Delivered to every Zap subscribed to ${hook}, from the durable event stream (retried, then parked for the admin to replay).`,
  source: 'event',
  topic: TOPIC[hook],
  payload: PAYLOAD_SCHEMAS[hook],
  onEvent: (event, ctx) => deliver(hook, event, ctx),
});

/**
 * Zapier for Bacon, through REST Hooks: a Zap subscribes its URL to an event (authenticated by the
 * workspace's API key), Bacon posts each event to it as it happens, from the durable event stream,
 * and a Zap that is switched off unsubscribes (or answers 410). Plus a signed outbound webhook
 * action for any other tool.
 */
export default definePlugin({
  id: 'zapier',
  version: '0.1.0',
  title: 'Zapier',
  description: 'Instant Zapier triggers (REST Hooks) for conversations, messages and CSAT; signed webhooks for other tools.',
  engines: { sdk: '^1' },
  egress: {
    regions: ['us', 'global'],
    note: 'Zapier runs in the US; other automation tools and Slack hook URLs may be anywhere.',
  },
  capabilities: [
    {
      name: 'http',
      hosts: WEBHOOK_HOSTS,
      hostsSetting: 'webhookHosts',
      reason: "Posts events to Zaps' hook URLs and signed webhooks to automation tools (and the hosts you add in the settings)",
    },
    { name: 'kv', reason: 'Keeps the Zaps’ subscriptions and which Zaps already took a retried event', quotaBytes: 1024 * 1024 },
    { name: 'secrets', reason: 'Reads the API key Zapier authenticates with and the webhook signing secret' },
    {
      name: 'events',
      reason: 'Reads conversation, message and CSAT events to deliver them',
      subscribe: ['conversation.created', 'conversation.transitioned', 'message.created', 'csat.answered'],
    },
    { name: 'pii', reason: "Sends customers' emails and phone numbers to your Zaps unmasked (without it they arrive masked)" },
  ],
  settings: {
    schema: {
      type: 'object',
      required: ['apiKey'],
      properties: {
        apiKey: {
          type: 'string',
          title: 'API key for Zapier',
          description: 'Zapier sends it as X-API-Key when it subscribes and unsubscribes; use a long random value (32+ characters).',
          minLength: 24,
          writeOnly: true,
          'x-secret': true,
        },
        webhookSecret: {
          type: 'string',
          title: 'Signing secret of outbound webhooks',
          minLength: 16,
          writeOnly: true,
          'x-secret': true,
        },
        webhookHosts: {
          type: 'array',
          title: 'Other webhook hosts',
          description:
            'Hosts of your own tools that signed webhooks may reach, besides Zapier, Make, n8n, Pipedream, Slack and Teams: hooks.example.com or *.example.com.',
          maxItems: 20,
          uniqueItems: true,
          items: { type: 'string', pattern: '^(\\*\\.)?[a-z0-9-]+(\\.[a-z0-9-]+)+(:\\d+)?$', maxLength: 253 },
          default: [],
        },
      },
    },
    uiSchema: { apiKey: { 'ui:widget': 'password' }, webhookSecret: { 'ui:widget': 'password' } },
  },
  triggers: {
    subscribe: {
      title: 'Subscribe a Zap (REST hook)',
      description: 'POST with X-API-Key and {"hookUrl","event"}.',
      source: 'webhook',
      payload: SUBSCRIPTION,
      receive: (request, ctx) => subscribe(request, ctx),
    },
    unsubscribe: {
      title: 'Unsubscribe a Zap (REST hook)',
      description: 'POST with X-API-Key and {"hookUrl"} (or {"id"}).',
      source: 'webhook',
      payload: { type: 'object', required: ['removed'], properties: { removed: { type: 'array', items: { type: 'string' } } } },
      receive: (request, ctx) => unsubscribe(request, ctx),
    },
    conversation_created: eventTrigger('conversation.created', 'New conversation'),
    conversation_closed: eventTrigger('conversation.closed', 'Conversation closed'),
    message_created: eventTrigger('message.created', 'New message'),
    csat_received: eventTrigger('csat.answered', 'CSAT received'),
  },
  actions: {
    sendSignedWebhook: {
      title: 'Send a signed webhook',
      description: 'POSTs {id, event, data, sentAt} signed with HMAC-SHA256 (X-Bacon-Timestamp, X-Bacon-Signature).',
      timeoutMs: 30000,
      input: {
        type: 'object',
        required: ['url', 'event', 'data'],
        additionalProperties: false,
        properties: {
          url: { type: 'string', maxLength: 2000, pattern: '^https://' },
          event: { type: 'string', minLength: 1, maxLength: 100 },
          data: {},
        },
      },
      output: {
        type: 'object',
        required: ['status', 'attempts', 'deliveryId'],
        properties: { status: { type: 'integer' }, attempts: { type: 'integer' }, deliveryId: { type: 'string' } },
      },
      run: (input: { url: string; event: string; data: unknown }, ctx) => sendSignedWebhook(input, ctx),
    },
    listSubscriptions: {
      title: 'List Zap subscriptions',
      idempotent: true,
      input: { type: 'object', additionalProperties: false, properties: {} },
      output: { type: 'object', required: ['subscriptions'], properties: { subscriptions: { type: 'array', items: SUBSCRIPTION } } },
      run: async (_input: unknown, ctx) => ({ subscriptions: await listSubscriptions(ctx) }),
    },
  },
  async testConnection(ctx) {
    const apiKey = await ctx.secrets.get('apiKey');
    if (!apiKey) return { ok: false, detail: 'Set the API key Zapier will send as X-API-Key.' };
    const subs = await listSubscriptions(ctx);
    const signing = (await ctx.secrets.get('webhookSecret')) ? 'signed webhooks ready' : 'no webhook signing secret (signed webhooks off)';
    return { ok: true, detail: `API key set; ${subs.length} Zap subscription${subs.length === 1 ? '' : 's'}; ${signing}.` };
  },
});
