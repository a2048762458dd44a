import type { JsonSchema } from './http.js';

/** The JSON schemas of the built-in rich message types (the `MessageComponentRegistry` checks sends with them). */

const str = (min: number, max: number, title?: string) => ({ type: 'string', minLength: min, maxLength: max, ...(title ? { title } : {}) });
const webUrl = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 };
const shape = (type: string, required: string[], properties: Record<string, unknown>): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...properties },
});
/** A choice a person taps: what it shows and what it sends back (`value`). */
const choice = {
  type: 'object',
  additionalProperties: false,
  required: ['label', 'value'],
  properties: { label: str(1, 80), value: str(1, 500) },
};

export const BUILT_IN_COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  text: shape('text', ['text'], { text: str(1, 5000) }),
  card: shape('card', ['title'], {
    title: str(1, 200),
    text: str(1, 2000),
    imageUrl: webUrl,
    buttons: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label'],
        properties: { label: str(1, 80), value: str(1, 500), url: webUrl },
      },
    },
  }),
  product: shape('product', ['title'], { title: str(1, 200), price: str(1, 50), imageUrl: webUrl, url: webUrl }),
  quick_replies: shape('quick_replies', ['text', 'options'], {
    text: str(1, 2000),
    options: { type: 'array', minItems: 1, maxItems: 10, items: choice },
  }),
  survey: shape('survey', ['question', 'scale'], { question: str(1, 500), scale: { type: 'integer', minimum: 2, maximum: 10 } }),
  template: shape('template', ['name'], {
    name: str(1, 200),
    variables: { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 1000 } },
    text: str(1, 5000),
  }),
};
