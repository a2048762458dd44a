import { defineErrors } from '@bacon/sdk';

/** EU-only storage: what setting the flag or enabling a plugin on an EU-only tenant can refuse. */
export const ResidencyErrorCatalog = defineErrors('data-residency', {
  regionMismatch: {
    code: 'residency_region_mismatch',
    status: 422,
    message: 'This deployment does not store its data in the EU (BACON_DATA_REGION); EU-only storage cannot be turned on here.',
  },
  pluginConflict: {
    code: 'residency_plugin_conflict',
    status: 409,
    message: 'Enabled plugins send data outside the EU; disable them first, then enable them again with an override if they must stay.',
  },
  egressOutsideEu: {
    code: 'plugin_egress_outside_eu',
    status: 409,
    message:
      'This plugin sends data outside the EU and this workspace keeps its data in the EU; an admin override with a reason is needed.',
  },
});
