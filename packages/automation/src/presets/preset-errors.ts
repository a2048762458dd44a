import { defineErrors } from '@bacon/sdk';

/** The one refusal of presets. */
export const PresetErrors = defineErrors('automation-presets', {
  unavailable: {
    code: 'automation_preset_unavailable',
    status: 409,
    message: (d: { preset: string; missingActions: string[] }) =>
      `The preset ${d.preset} needs actions this host does not have yet: ${d.missingActions.join(', ')}.`,
  },
});
