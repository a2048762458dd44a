import { BaconError, defineErrors, type ErrorFactory } from '@bacon/sdk';

/** Boot-time catalog: why a plugin could not be loaded. */
export const PluginLoadErrorCatalog = defineErrors('plugin-loader', {
  manifestInvalid: { code: 'plugin_manifest_invalid', status: 422, message: 'The plugin manifest is not valid.' },
  engineMismatch: { code: 'plugin_engine_mismatch', status: 409, message: 'The plugin needs another host or SDK version.' },
  dependencyMissing: { code: 'plugin_dependency_missing', status: 409, message: 'A plugin this one depends on is not installed.' },
  dependencyMismatch: { code: 'plugin_dependency_mismatch', status: 409, message: 'A plugin this one depends on has the wrong version.' },
  dependencyCycle: { code: 'plugin_dependency_cycle', status: 409, message: 'The plugins depend on each other in a cycle.' },
  duplicate: { code: 'plugin_duplicate', status: 409, message: 'The plugin is installed twice.' },
  initFailed: { code: 'plugin_init_failed', status: 500, message: 'The plugin failed to start.' },
  initTimeout: { code: 'plugin_init_timeout', status: 504, message: 'The plugin did not start in time.' },
  notFound: { code: 'plugin_package_not_found', status: 404, message: 'No plugin package at this name or path.' },
});

/**
 * Why a plugin could not be loaded. Boot-time refusals carry the plugin id and, where there is
 * one, the manifest field, so the message says exactly what to fix.
 */
export class PluginLoadError extends BaconError {
  constructor(
    of: ErrorFactory,
    readonly pluginId: string,
    message: string,
    readonly field?: string,
  ) {
    super({ code: of.code, status: of.status, message, details: field === undefined ? { pluginId } : { pluginId, field } });
    this.name = 'PluginLoadError';
  }
}

const load = (of: ErrorFactory) => (pluginId: string, message: string, field?: string) => new PluginLoadError(of, pluginId, message, field);

/** The boot-time refusals, each naming the plugin (and the manifest field) in its message. */
export const PluginLoadErrors = {
  manifestInvalid: load(PluginLoadErrorCatalog.manifestInvalid),
  engineMismatch: load(PluginLoadErrorCatalog.engineMismatch),
  dependencyMissing: load(PluginLoadErrorCatalog.dependencyMissing),
  dependencyMismatch: load(PluginLoadErrorCatalog.dependencyMismatch),
  dependencyCycle: load(PluginLoadErrorCatalog.dependencyCycle),
  duplicate: load(PluginLoadErrorCatalog.duplicate),
  initFailed: load(PluginLoadErrorCatalog.initFailed),
  initTimeout: load(PluginLoadErrorCatalog.initTimeout),
  notFound: load(PluginLoadErrorCatalog.notFound),
};

/** Runtime catalog: what callers of plugins (HTTP, automation) see. */
export const PluginErrors = defineErrors('plugins', {
  notFound: { code: 'plugin_not_found', status: 404, message: 'No such plugin.' },
  actionNotFound: { code: 'action_not_found', status: 404, message: 'The plugin has no such action.' },
  triggerNotFound: { code: 'trigger_not_found', status: 404, message: 'The plugin has no such webhook trigger.' },
  notEnabled: { code: 'plugin_not_enabled', status: 409, message: 'The plugin is not enabled for this tenant.' },
  notRunning: { code: 'plugin_not_running', status: 503, message: 'The plugin failed to start.', retryable: true },
  capabilityNotGranted: { code: 'capability_not_granted', status: 403, message: 'The plugin was not granted this capability.' },
  grantNotRequested: { code: 'grant_not_requested', status: 400, message: 'A grant names a capability the plugin does not request.' },
  settingsInvalid: { code: 'settings_invalid', status: 400, message: 'The settings do not match the plugin schema.' },
  timeout: { code: 'plugin_timeout', status: 504, message: 'The plugin did not answer in time.', retryable: true },
  crashed: { code: 'plugin_crashed', status: 503, message: 'The plugin sandbox stopped during the call.', retryable: true },
  failed: { code: 'plugin_failed', status: 502, message: 'The plugin failed.' },
  breakerOpen: {
    code: 'plugin_unavailable',
    status: 503,
    message: 'The plugin is failing; calls are paused for a moment.',
    retryable: true,
  },
  outputInvalid: { code: 'plugin_output_invalid', status: 502, message: 'The plugin answered with data that does not match its schema.' },
  trustedOnly: { code: 'plugin_trusted_only', status: 409, message: 'Only trusted plugins can do this.' },
  serviceMissing: { code: 'service_unavailable', status: 503, message: 'A host service this plugin uses is not installed.' },
  pluginError: { code: 'plugin_error', status: 502, message: 'The plugin threw an error without a code.' },
  notImplemented: { code: 'not_implemented', status: 502, message: 'The plugin does not define this.' },
  notLoaded: { code: 'plugin_not_loaded', status: 503, message: 'The plugin is not loaded in the sandbox.', retryable: true },
  hostNotReady: { code: 'host_not_ready', status: 503, message: 'The host is starting.', retryable: true },
});

/** The sandbox bridge's refusals: what a host function (kv, secrets, events, http.fetch) answers a plugin. */
export const SandboxErrors = defineErrors('sandbox', {
  invalidArgument: { code: 'invalid_argument', status: 400, message: 'The arguments are not valid.' },
  noCallInFlight: { code: 'no_call_in_flight', status: 409, message: 'Host functions are available only during a call.' },
  unknownFunction: { code: 'unknown_function', status: 400, message: 'No such host function.' },
  secretNotDeclared: { code: 'secret_not_declared', status: 403, message: 'Not a secret field of this plugin.' },
  topicNotAllowed: { code: 'topic_not_allowed', status: 403, message: "The topic matches none of the plugin's emit patterns." },
  quotaExceeded: { code: 'quota_exceeded', status: 413, message: "The plugin's store for the tenant would exceed its quota." },
  valueTooLarge: {
    code: 'value_too_large',
    status: 413,
    message: 'The value is larger than what a plugin may pass out of its isolate (checked before it is serialised).',
  },
  hostError: { code: 'host_error', status: 503, message: 'The host could not complete the call.', retryable: true },
  hostUnavailable: {
    code: 'host_unavailable',
    status: 503,
    message: 'Calls to this host are paused after repeated failures.',
    retryable: true,
  },
  invalidUrl: { code: 'invalid_url', status: 400, message: 'http.fetch: not a valid URL.' },
  hostNotAllowed: { code: 'host_not_allowed', status: 400, message: "http.fetch: the host is not on the plugin's allow-list." },
  dnsFailed: { code: 'dns_failed', status: 400, message: 'http.fetch: the host does not resolve.', retryable: true },
  addressNotAllowed: { code: 'address_not_allowed', status: 400, message: 'http.fetch: the host resolves to a private address.' },
  fetchTimeout: { code: 'fetch_timeout', status: 400, message: 'http.fetch: no answer in time.', retryable: true },
  fetchFailed: { code: 'fetch_failed', status: 400, message: 'http.fetch: the request failed.', retryable: true },
  responseTooLarge: { code: 'response_too_large', status: 400, message: 'http.fetch: the response is too large.' },
});
