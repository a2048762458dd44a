import type { JsonSchema } from '@bacon/sdk';
import type { Condition } from '../rule-schema.js';

/**
 * The one JSON schema of a flow's definition: a list of steps, each with an `id`, run from the first.
 * After a step the run goes to its `next` (a step id, or `end`), or else to the step below it.
 * docs/automation.md ("Flows") shows examples.
 */

const stepId = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' } as const;
const target = { type: 'string', pattern: '^([A-Za-z][A-Za-z0-9_-]{0,63})$' } as const;
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const varName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' } as const;
/** Rich message components, passed to the inbox unchanged (the component registry validates them on send). */
const components = { type: 'array', maxItems: 10, items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } } };

/** A condition of a branch: the rules' comparisons, with `reply.*` (the visitor's answer) and `vars.*` (saved values) too. */
export const flowConditionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field', 'op'],
  properties: {
    field: { type: 'string', pattern: '^(conversation|contact|channel|reply|vars)(\\.[A-Za-z0-9_]+)+$', maxLength: 200 },
    op: { type: 'string', enum: ['equals', 'contains', 'matches', 'gt', 'lt', 'present'] },
    value: { type: ['string', 'number', 'boolean'] },
    caseSensitive: { type: 'boolean' },
  },
};

const conditions = {
  type: 'object',
  additionalProperties: false,
  required: ['match', 'items'],
  properties: {
    match: { type: 'string', enum: ['all', 'any'] },
    items: { type: 'array', minItems: 1, maxItems: 20, items: flowConditionSchema },
  },
};

const step = (type: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', ...required],
  properties: { id: stepId, type: { const: type }, next: target, ...properties },
});

export const flowStepSchema: JsonSchema = {
  oneOf: [
    step('send_message', ['text'], { text: text(5000), components }),
    step('ask', ['text', 'timeoutSeconds'], {
      text: text(5000),
      components,
      /** How long to wait for the visitor's next message (1 s to 7 days). */
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 604800 },
      /** Where the answer is kept: `vars.<saveAs>` (default `reply`). */
      saveAs: varName,
      /** The step after no answer in time (default: the run ends). */
      onTimeout: target,
    }),
    step('branch', ['cases'], {
      cases: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: { type: 'object', additionalProperties: false, required: ['conditions', 'next'], properties: { conditions, next: target } },
      },
      /** Where no case matched goes (default: `next`, or the step below). */
      otherwise: target,
    }),
    step('call_plugin', ['pluginId', 'action'], {
      pluginId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
      action: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
      input: { type: 'object' },
      /** Keep the action's output as `vars.<saveAs>`. */
      saveAs: varName,
      /** The step after a failure (default: the run fails). */
      onError: target,
    }),
    step('ai_context', ['title'], {
      /** The heading the AI assist and the agent see. */
      title: text(200),
      /** A template (e.g. `Order {{vars.order.name}} ships {{vars.order.eta}}`). */
      text: text(5000),
      /** A plugin action whose output is the context (breaker and timeout apply). */
      pluginId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
      action: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$' },
      input: { type: 'object' },
    }),
    step('handover', [], {
      /** A last message to the visitor. */
      text: text(5000),
      agentId: { type: 'string', format: 'uuid' },
      strategy: { const: 'round_robin' },
    }),
  ],
};

export const flowDefinitionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['steps'],
  properties: { steps: { type: 'array', minItems: 1, maxItems: 50, items: flowStepSchema } },
};

export type FlowCondition = Omit<Condition, 'field'> & { field: string };
export type FlowComponents = { type: string; [k: string]: unknown }[];
interface Base {
  id: string;
  next?: string;
}

export type FlowStep =
  | (Base & { type: 'send_message'; text: string; components?: FlowComponents })
  | (Base & { type: 'ask'; text: string; components?: FlowComponents; timeoutSeconds: number; saveAs?: string; onTimeout?: string })
  | (Base & {
      type: 'branch';
      cases: { conditions: { match: 'all' | 'any'; items: FlowCondition[] }; next: string }[];
      otherwise?: string;
    })
  | (Base & { type: 'call_plugin'; pluginId: string; action: string; input?: Record<string, unknown>; saveAs?: string; onError?: string })
  | (Base & { type: 'ai_context'; title: string; text?: string; pluginId?: string; action?: string; input?: Record<string, unknown> })
  | (Base & { type: 'handover'; text?: string; agentId?: string; strategy?: 'round_robin' });

export interface FlowDefinition {
  steps: FlowStep[];
}

/** The step id that ends a run when named as a `next`. */
export const END = 'end';
