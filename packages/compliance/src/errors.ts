import { defineErrors } from '@bacon/sdk';

/** The codes only the compliance plugin throws, each once with its status and default message. */
export const ComplianceErrorCatalog = defineErrors('compliance', {
  erasureInProgress: {
    code: 'erasure_in_progress',
    status: 409,
    retryable: true,
    message: 'An erasure of this contact is running; ask again in a moment.',
  },
});
