import { defineErrors, NotFound } from '@bacon/sdk';

/** The codes only automation's flows throw, each once with its status and default message. */
export const FlowErrorCatalog = defineErrors('automation-flows', {
  flowNameTaken: { code: 'automation_flow_name_taken', status: 409, message: 'A flow with this name exists.' },
  flowStepInvalid: {
    code: 'automation_flow_step_invalid',
    status: 400,
    message: (d: { field: string; reason: string }) => `${d.field}: ${d.reason}`,
  },
  flowDisabled: { code: 'automation_flow_disabled', status: 409, message: 'This flow is disabled: enable it to start runs.' },
});

const E = FlowErrorCatalog;

/** Flows' refusals, by what the domain knows when it refuses. */
export const FlowErrors = {
  flowNotFound: (id: string) => NotFound('No such automation flow.', { flowId: id }),
  conversationNotFound: (id: string) => NotFound('No such conversation.', { conversationId: id }),
  flowNameTaken: (name: string) => E.flowNameTaken({ name }),
  stepInvalid: (field: string, reason: string) => E.flowStepInvalid({ field, reason }),
  flowDisabled: (id: string) => E.flowDisabled({ flowId: id }),
};
