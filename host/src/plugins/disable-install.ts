import type { Knex } from 'knex';
import type { PluginAudit } from '@bacon/sdk';
import type { Logger } from '../logs/logger.js';
import type { CallScope } from './call-scope.js';
import type { InstallCache } from './install-cache.js';
import { writeInstall } from './install-store.js';
import { PluginErrors } from './plugin-errors.js';

export interface DisableInstallDeps {
  knex: Knex;
  installs: InstallCache;
  audit?: PluginAudit;
  log: Logger;
}

/**
 * What `ctx.install.disable(reason)` does: the tenant's install is switched off with the reason and
 * time kept (the plugin list shows them), the cached install dropped, and the act audited as the
 * plugin's own. Trusted plugins run for every tenant and cannot switch themselves off.
 */
export function disableInstall(deps: DisableInstallDeps) {
  return async (scope: CallScope, reason: string): Promise<void> => {
    const pluginId = scope.record.id;
    if (scope.record.tier === 'trusted') throw PluginErrors.trustedOnly(undefined, 'First-party plugins cannot be disabled per tenant.');
    await writeInstall(deps.knex, scope.tenantId, pluginId, {
      enabled: false,
      disabledReason: reason,
      disabledAt: new Date().toISOString(),
    });
    deps.installs.invalidate(pluginId);
    deps.log.warn({ plugin: pluginId, tenantId: scope.tenantId, reason }, 'a plugin disabled itself for a tenant');
    await deps.audit
      ?.record({
        tenantId: scope.tenantId,
        actorKind: 'plugin',
        action: 'plugin.disable',
        targetType: 'plugin',
        targetId: pluginId,
        after: { reason, by: pluginId },
      })
      .catch((err: unknown) => deps.log.warn({ err, plugin: pluginId }, 'could not audit a plugin disabling itself'));
  };
}
