import { BaconError } from '@bacon/sdk';

/**
 * Why a plugin could not be loaded. Boot-time refusals carry the plugin id and, where there is
 * one, the manifest field, so the message says exactly what to fix.
 */
export class PluginLoadError extends Error {
  constructor(
    readonly code: string,
    readonly pluginId: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

const load = (code: string) => (pluginId: string, message: string, field?: string) => new PluginLoadError(code, pluginId, message, field);

/** Boot-time catalog. */
export const PluginLoadErrors = {
  manifestInvalid: load('plugin_manifest_invalid'),
  engineMismatch: load('plugin_engine_mismatch'),
  dependencyMissing: load('plugin_dependency_missing'),
  dependencyMismatch: load('plugin_dependency_mismatch'),
  dependencyCycle: load('plugin_dependency_cycle'),
  duplicate: load('plugin_duplicate'),
  initFailed: load('plugin_init_failed'),
  initTimeout: load('plugin_init_timeout'),
  notFound: load('plugin_package_not_found'),
};

function define(code: string, status: number, message: string, retryable = false) {
  return (details?: unknown, overrideMessage?: string): BaconError =>
    new BaconError({ code, status, message: overrideMessage ?? message, details, retryable });
}

/** Runtime catalog: what callers of plugins (HTTP, automation) see. */
export const PluginErrors = {
  notFound: define('plugin_not_found', 404, 'No such plugin.'),
  actionNotFound: define('action_not_found', 404, 'The plugin has no such action.'),
  triggerNotFound: define('trigger_not_found', 404, 'The plugin has no such webhook trigger.'),
  notEnabled: define('plugin_not_enabled', 409, 'The plugin is not enabled for this tenant.'),
  notRunning: define('plugin_not_running', 503, 'The plugin failed to start.', true),
  capabilityNotGranted: define('capability_not_granted', 403, 'The plugin was not granted this capability.'),
  grantNotRequested: define('grant_not_requested', 400, 'A grant names a capability the plugin does not request.'),
  settingsInvalid: define('settings_invalid', 400, 'The settings do not match the plugin schema.'),
  timeout: define('plugin_timeout', 504, 'The plugin did not answer in time.', true),
  crashed: define('plugin_crashed', 503, 'The plugin sandbox stopped during the call.', true),
  failed: define('plugin_failed', 502, 'The plugin failed.'),
  breakerOpen: define('plugin_unavailable', 503, 'The plugin is failing; calls are paused for a moment.', true),
  outputInvalid: define('plugin_output_invalid', 502, 'The plugin answered with data that does not match its schema.'),
  trustedOnly: define('plugin_trusted_only', 409, 'Only trusted plugins can do this.'),
  serviceMissing: define('service_unavailable', 503, 'A host service this plugin uses is not installed.'),
};
