import { definePlugin } from '@bacon/sdk';

/** {{id}}: one action, `greet`, that agents and automation rules can run. */
export default definePlugin({
  id: '{{id}}',
  version: '0.1.0',
  title: '{{title}}',
  description: 'Says hello (replace me with what your plugin does).',
  engines: { host: '>=0.1.0', sdk: '^1' },
  settings: {
    schema: {
      type: 'object',
      properties: { greeting: { type: 'string', title: 'Greeting', default: 'Hello' } },
    },
  },
  actions: {
    greet: {
      title: 'Greet someone',
      input: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1 } } },
      output: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
      idempotent: true,
      async run(input: { name: string }, ctx) {
        return { text: `${String(ctx.settings.greeting ?? 'Hello')}, ${input.name}!` };
      },
    },
  },
});
