import type { JsonSchema } from '@bacon/sdk';
import type { RuleDefinition } from '../rule-schema.js';

/**
 * Ready-made rules an admin installs from the console's Automation tab (or `POST
 * /automation-presets/:id/install`): each asks for a few values (`params`, a JSON schema with
 * defaults) and builds a rule definition from them. docs/automation.md ("Presets") lists them.
 */
export interface Preset {
  id: string;
  title: string;
  description: string;
  /** What the admin fills in; every property has a default. */
  params: JsonSchema & { properties: Record<string, JsonSchema & { default: unknown; title: string }> };
  /** The rule's name and definition for these values (already merged with the defaults). */
  build(params: Record<string, unknown>): { name: string; definition: RuleDefinition };
}

const words = (v: unknown) =>
  String(v)
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

export const PRESETS: Preset[] = [
  {
    id: 'welcome',
    title: 'Welcome message on a first visit',
    description: 'Greets a visitor of the web widget when their first conversation starts.',
    params: {
      type: 'object',
      properties: {
        text: {
          type: 'string',
          title: 'Message',
          minLength: 1,
          maxLength: 5000,
          default: 'Hi {{contact.name}}! We usually answer within minutes.',
        },
      },
    },
    build: (p) => ({
      name: 'Welcome message',
      definition: {
        triggers: [{ type: 'conversation.created' }],
        conditions: { match: 'all', items: [{ field: 'channel.id', op: 'equals', value: 'web' }] },
        actions: [{ type: 'send_message', text: String(p.text) }],
      },
    }),
  },
  {
    id: 'abandoned-cart',
    title: 'Abandoned-cart follow-up (Shopify)',
    description:
      "When the Shopify plugin reports an abandoned checkout over an amount, sends its customer and recovery link to your email tool through Zapier's signed webhook.",
    params: {
      type: 'object',
      properties: {
        minTotal: { type: 'number', title: 'Smallest cart total', minimum: 0, default: 50 },
        url: {
          type: 'string',
          title: 'Webhook URL (https)',
          pattern: '^https://',
          maxLength: 2000,
          default: 'https://hooks.zapier.com/hooks/catch/0/abandoned',
        },
      },
    },
    build: (p) => ({
      name: 'Abandoned-cart follow-up',
      definition: {
        triggers: [{ type: 'plugin', pluginId: 'shopify', name: 'checkout_abandoned' }],
        conditions: { match: 'all', items: [{ field: 'trigger.totalPrice', op: 'gt', value: Number(p.minTotal) }] },
        actions: [
          {
            type: 'call_plugin',
            pluginId: 'zapier',
            action: 'sendSignedWebhook',
            input: {
              url: String(p.url),
              event: 'checkout_abandoned',
              data: {
                email: '{{trigger.email}}',
                name: '{{trigger.customerName}}',
                total: '{{trigger.totalPrice}} {{trigger.currency}}',
                recoveryUrl: '{{trigger.recoveryUrl}}',
              },
            },
          },
        ],
      },
    }),
  },
  {
    id: 'keyword-escalation',
    title: 'Keyword escalation',
    description: 'A visitor who writes "refund" or "cancel" gets high priority, an escalation tag and an agent now.',
    params: {
      type: 'object',
      properties: {
        keywords: { type: 'string', title: 'Keywords (comma-separated)', minLength: 1, maxLength: 1000, default: 'refund, cancel' },
        tag: { type: 'string', title: 'Tag', minLength: 1, maxLength: 64, default: 'escalation' },
      },
    },
    build: (p) => ({
      name: 'Keyword escalation',
      definition: {
        triggers: [{ type: 'message.received', keywords: words(p.keywords) }],
        actions: [
          { type: 'set_priority', priority: 'high' },
          { type: 'add_tag', tags: [String(p.tag)] },
          { type: 'assign', strategy: 'round_robin' },
          { type: 'send_message', text: 'I am passing you to a colleague right away.' },
        ],
        debounceSeconds: 3600,
      },
    }),
  },
  {
    id: 'after-hours',
    title: 'After-hours auto-reply',
    description: 'Outside business hours, answers a visitor once a day that the team is away and when it is back.',
    params: {
      type: 'object',
      properties: {
        timeZone: { type: 'string', title: 'Time zone (IANA)', minLength: 1, maxLength: 64, default: 'Europe/Paris' },
        from: { type: 'string', title: 'Opens at (HH:MM)', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '09:00' },
        to: { type: 'string', title: 'Closes at (HH:MM)', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$', default: '18:00' },
        text: {
          type: 'string',
          title: 'Message',
          minLength: 1,
          maxLength: 5000,
          default: 'We are away right now; we answer on working days from 9:00. Leave your message here.',
        },
      },
    },
    build: (p) => ({
      name: 'After-hours auto-reply',
      definition: {
        triggers: [{ type: 'message.received' }],
        conditions: { match: 'all', items: [{ field: 'time.businessHours', op: 'equals', value: false }] },
        actions: [{ type: 'send_message', text: String(p.text) }],
        businessHours: { timeZone: String(p.timeZone), weekly: [{ days: [1, 2, 3, 4, 5], from: String(p.from), to: String(p.to) }] },
        debounceSeconds: 86400,
      },
    }),
  },
];

/** The params with the defaults filled in. */
export function withDefaults(preset: Preset, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(preset.params.properties)) out[k] = given[k] ?? s.default;
  return out;
}
