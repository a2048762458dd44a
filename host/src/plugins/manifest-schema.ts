import { REGION_PATTERN } from '@bacon/sdk';

/** JSON schema of the JSON-able part of a plugin manifest (functions are checked separately). */
const stringArray = { type: 'array', items: { type: 'string', minLength: 1 } };
const jsonSchemaObject = { type: 'object' };
/** An http allow-list entry: `api.example.com`, `*.example.com`, optionally with `:port`. */
export const HOST_PATTERN = '^(\\*\\.)?[a-z0-9.-]+(:\\d+)?$';

export const MANIFEST_SCHEMA = {
  type: 'object',
  required: ['id', 'version'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    version: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    description: { type: 'string' },
    engines: {
      type: 'object',
      additionalProperties: false,
      properties: { host: { type: 'string', minLength: 1 }, sdk: { type: 'string', minLength: 1 } },
    },
    dependencies: {
      type: 'object',
      additionalProperties: { type: 'string', minLength: 1 },
      propertyNames: { pattern: '^[a-z][a-z0-9-]{0,62}$' },
    },
    order: { type: 'integer' },
    settings: {
      type: 'object',
      required: ['schema'],
      properties: { schema: { type: 'object', properties: { type: { const: 'object' } } }, uiSchema: { type: 'object' } },
    },
    capabilities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: { enum: ['http', 'kv', 'events', 'secrets', 'conversations.read', 'messages.send', 'ai.context', 'pii'] },
          reason: { type: 'string' },
          hosts: { type: 'array', items: { type: 'string', pattern: HOST_PATTERN } },
          hostsSetting: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,62}$' },
          emit: stringArray,
          subscribe: stringArray,
          quotaBytes: { type: 'integer', minimum: 0 },
        },
      },
    },
    egress: {
      type: 'object',
      required: ['regions'],
      additionalProperties: false,
      properties: {
        regions: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: REGION_PATTERN } },
        note: { type: 'string', maxLength: 300 },
      },
    },
    http: { type: 'object', additionalProperties: false, properties: { prefix: { type: 'string', pattern: '^([a-z0-9][a-z0-9/-]*)?$' } } },
    migrations: { type: 'string', minLength: 1 },
    services: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9-]{0,62}$' } },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: { memoryMb: { type: 'integer', minimum: 8 }, cpuTimeoutMs: { type: 'integer', minimum: 1 } },
    },
    actions: {
      type: 'object',
      propertyNames: { pattern: '^[a-zA-Z][\\w.-]{0,63}$' },
      additionalProperties: {
        type: 'object',
        required: ['input'],
        properties: {
          input: jsonSchemaObject,
          output: jsonSchemaObject,
          idempotent: { type: 'boolean' },
          timeoutMs: { type: 'integer', minimum: 1 },
          title: { type: 'string' },
          description: { type: 'string' },
        },
      },
    },
    triggers: {
      type: 'object',
      propertyNames: { pattern: '^[a-zA-Z][\\w.-]{0,63}$' },
      additionalProperties: {
        type: 'object',
        required: ['source', 'payload'],
        properties: {
          source: { enum: ['webhook', 'poll', 'event'] },
          payload: jsonSchemaObject,
          topic: { type: 'string' },
          intervalSeconds: { type: 'integer', minimum: 1 },
        },
      },
    },
    enrichers: { type: 'object' },
    components: {
      type: 'object',
      // Type names as the component registry takes them (no dot: manifest paths are dotted).
      propertyNames: { pattern: '^[a-z][a-z0-9_-]{0,63}$' },
      additionalProperties: { type: 'object', required: ['schema'], properties: { schema: jsonSchemaObject } },
    },
  },
};

/** Fields that must be functions when present, with the dotted path the error names. */
export const FUNCTION_FIELDS = ['init', 'activate', 'deactivate', 'shutdown', 'healthCheck', 'testConnection'] as const;
