export { startPluginTestHost } from './plugin-test-host.js';
export type { PluginTestHost, PluginTestOptions, BusEventSeen, TestLookup } from './plugin-test-host.js';
