import type { JsonSchema, MessageComponent } from '@bacon/sdk';
import { businessHoursSchema, type BusinessHours } from '@bacon/inbox-contract';
import { addTagSchema, type AddTagAction } from './services/actions/add-tag.js';
import { addNoteSchema, type AddNoteAction } from './services/actions/add-note.js';
import { notifySchema, type NotifyAction } from './services/actions/notify.js';
import { setPrioritySchema, type SetPriorityAction } from './services/actions/set-priority.js';
import { pageViewTriggerSchema, type PageViewTrigger } from './services/page-trigger.js';

export { businessHoursSchema, type BusinessHours };

/**
 * The one JSON schema of a rule's definition: its triggers, conditions and actions, plus debounce
 * and rate limit. The routes validate bodies with it (ajv, through the host's route schemas) and the
 * console builds its form from the same shapes. docs/automation.md shows examples.
 */

const states = { type: 'string', enum: ['new', 'assigned', 'snoozed', 'closed'] } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;

export const triggerSchema: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'message.received' },
        keywords: { type: 'array', maxItems: 50, items: text(200) },
        pattern: text(500),
        caseSensitive: { type: 'boolean' },
        accentSensitive: { type: 'boolean' },
      },
    },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'conversation.created' } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'conversation.transitioned' },
        from: { type: 'array', maxItems: 4, items: states },
        to: { type: 'array', maxItems: 4, items: states },
      },
    },
    { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'conversation.assigned' } } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'waitingFor', 'seconds'],
      properties: {
        type: { const: 'inactivity' },
        /** `agent`: no agent reply since the contact wrote; `visitor`: no contact reply since an agent wrote. */
        waitingFor: { type: 'string', enum: ['agent', 'visitor'] },
        seconds: { type: 'integer', minimum: 1, maximum: 2592000 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'cron'],
      properties: {
        type: { const: 'schedule' },
        /** Five fields (minute hour day month weekday) or six (seconds first), e.g. `0 9 * * 1-5`. */
        cron: { type: 'string', minLength: 9, maxLength: 200 },
        /** IANA zone the cron reads its hours in (default UTC), e.g. `Europe/Paris`. */
        timeZone: { type: 'string', minLength: 1, maxLength: 64 },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'pluginId', 'name'],
      properties: {
        /** A plugin's trigger: the durable event `trigger.<pluginId>.<name>` (e.g. shopify's `checkout_abandoned`). */
        type: { const: 'plugin' },
        pluginId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
        name: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
      },
    },
    pageViewTriggerSchema,
  ],
};

export const conditionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'op'],
  properties: {
    /** A dotted path into the facts: `conversation.priority`, `message.body`, `contact.email`, `channel.id`. */
    field: { type: 'string', pattern: '^(conversation|contact|message|channel|page|time|trigger)(\\.[A-Za-z0-9_]+)+$', maxLength: 200 },
    op: { type: 'string', enum: ['equals', 'contains', 'matches', 'gt', 'lt', 'present'] },
    value: { type: ['string', 'number', 'boolean'] },
    caseSensitive: { type: 'boolean' },
  },
};

export const conditionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['match', 'items'],
  properties: {
    match: { type: 'string', enum: ['all', 'any'] },
    items: { type: 'array', maxItems: 50, items: conditionSchema },
  },
};

export const actionSchema: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'text'],
      properties: {
        type: { const: 'send_message' },
        /** The message text (templated); channels that show no component show it. */
        text: text(5000),
        /**
         * Rich components (`card`, `product`, `survey`, `quick_replies` or a plugin's type), checked
         * against the install's component types on save and on send; their strings are templated too.
         */
        components: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
        },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { const: 'assign' },
        agentId: { type: 'string', format: 'uuid' },
        strategy: { const: 'round_robin' },
      },
    },
    { type: 'object', additionalProperties: false, required: ['type', 'to'], properties: { type: { const: 'transition' }, to: states } },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'url'],
      properties: {
        type: { const: 'webhook' },
        url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
        /** HMAC-SHA256 key; write-only (answers `__set__` when set; send `__set__` back to keep it). */
        secret: { type: 'string', minLength: 1, maxLength: 500, writeOnly: true },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'flowId'],
      /** Starts a run of a flow in the conversation (docs/automation.md, "Flows"). */
      properties: { type: { const: 'start_flow' }, flowId: { type: 'string', format: 'uuid' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'pluginId', 'action'],
      properties: {
        type: { const: 'call_plugin' },
        pluginId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
        action: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
        /** Strings may hold `{{conversation.id}}`-style placeholders, filled from the event. */
        input: { type: 'object' },
      },
    },
    addTagSchema,
    addNoteSchema,
    notifySchema,
    setPrioritySchema,
  ],
};

export const ruleDefinitionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['triggers', 'actions'],
  properties: {
    triggers: { type: 'array', minItems: 1, maxItems: 10, items: triggerSchema },
    conditions: conditionsSchema,
    actions: { type: 'array', minItems: 1, maxItems: 20, items: actionSchema },
    /** Fire at most once per conversation in this many seconds. */
    debounceSeconds: { type: 'integer', minimum: 0, maximum: 86400 },
    /** Fire at most this many times an hour (all conversations together). */
    maxPerHour: { type: 'integer', minimum: 1, maximum: 100000 },
    businessHours: businessHoursSchema,
  },
};

export type ConversationStateName = 'new' | 'assigned' | 'snoozed' | 'closed';

export type Trigger =
  | { type: 'message.received'; keywords?: string[]; pattern?: string; caseSensitive?: boolean; accentSensitive?: boolean }
  | { type: 'conversation.created' }
  | { type: 'conversation.transitioned'; from?: ConversationStateName[]; to?: ConversationStateName[] }
  | { type: 'conversation.assigned' }
  | { type: 'inactivity'; waitingFor: 'agent' | 'visitor'; seconds: number }
  | { type: 'schedule'; cron: string; timeZone?: string }
  | { type: 'plugin'; pluginId: string; name: string }
  | PageViewTrigger;

export interface Condition {
  field: string;
  op: 'equals' | 'contains' | 'matches' | 'gt' | 'lt' | 'present';
  value?: string | number | boolean;
  caseSensitive?: boolean;
}

export type Action =
  | { type: 'send_message'; text: string; components?: MessageComponent[] }
  | { type: 'assign'; agentId?: string; strategy?: 'round_robin' }
  | { type: 'transition'; to: ConversationStateName }
  | { type: 'webhook'; url: string; secret?: string }
  | { type: 'start_flow'; flowId: string }
  | { type: 'call_plugin'; pluginId: string; action: string; input?: Record<string, unknown> }
  | AddTagAction
  | AddNoteAction
  | NotifyAction
  | SetPriorityAction;

export interface RuleDefinition {
  triggers: Trigger[];
  conditions?: { match: 'all' | 'any'; items: Condition[] };
  actions: Action[];
  debounceSeconds?: number;
  maxPerHour?: number;
  businessHours?: BusinessHours;
}
