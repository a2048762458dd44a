import type { CapabilityName } from '@bacon/sdk';
import { HOST_FUNCTION_TABLE } from './host-function-table.js';

/** The capability each host function needs (`log` needs none). */
export const FUNCTION_CAPABILITY: Record<string, CapabilityName | null> = {
  'http.fetch': 'http',
  'kv.get': 'kv',
  'kv.set': 'kv',
  'kv.delete': 'kv',
  'kv.list': 'kv',
  'secrets.get': 'secrets',
  'events.emit': 'events',
  log: null,
  ...Object.fromEntries(HOST_FUNCTION_TABLE.map((e) => [e.name, e.capability])),
};
