export { startPluginTestHost } from './plugin-test-host.js';
export type { PluginTestHost, PluginTestOptions, BusEventSeen, TestLookup } from './plugin-test-host.js';
export { runChannelContract } from './channel-contract.js';
export type { ChannelContractSpec, ChannelContractReport, ProviderRequest } from './channel-contract.js';
