import type { CapabilityName } from '@bacon/sdk';
import type { PluginRecord } from './plugin-record.js';

/** Who is calling a host function: one plugin, for one tenant, with what that tenant granted. */
export interface CallScope {
  record: PluginRecord;
  tenantId: string;
  /** Granted capabilities; trusted plugins get every capability they request. */
  grants: ReadonlySet<CapabilityName>;
}
