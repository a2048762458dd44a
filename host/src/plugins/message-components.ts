import { MessageComponentRegistry, type SchemaProblem } from '@bacon/sdk';
import { createAjv } from '../http/ajv.js';
import type { Logger } from '../logs/logger.js';
import type { PluginRecord } from './plugin-record.js';

/** The install's registry of rich message types, its schemas compiled by the host's Ajv. */
export function createMessageComponents(): MessageComponentRegistry {
  const ajv = createAjv({ useDefaults: false });
  return new MessageComponentRegistry((schema) => {
    const check = ajv.compile(schema);
    return (value) => (check(value) ? [] : ((check.errors ?? []) as SchemaProblem[]));
  });
}

/**
 * Adds the `components` of the running plugins. A type whose name or schema is refused is left out
 * and logged: a plugin's bad component never stops the host or another plugin's types.
 */
export function registerPluginComponents(registry: MessageComponentRegistry, records: readonly PluginRecord[], log: Logger): void {
  for (const r of records) {
    if (r.state !== 'running' || !r.def.components) continue;
    for (const [type, def] of Object.entries(r.def.components)) {
      try {
        registry.register(r.id, type, def);
      } catch (err) {
        log.warn({ plugin: r.id, type, err: (err as Error).message }, 'plugins: a message component type was refused');
      }
    }
  }
}
