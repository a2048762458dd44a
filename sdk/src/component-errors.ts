import { defineErrors } from './errors.js';
import { summarizeFieldErrors, type ReadableFieldError } from './validation-messages.js';

/** The refusal of a message whose rich components are of an unknown type or an invalid payload. */
export const ComponentErrorCatalog = defineErrors('components', {
  componentsInvalid: {
    code: 'message_components_invalid',
    status: 400,
    message: (d: { errors: ReadableFieldError[] }) => summarizeFieldErrors(d.errors, 'The message components are not valid.'),
  },
});

/** 400 `message_components_invalid`, `details.errors` naming each refused field (see `MessageComponentRegistry.problems`). */
export const componentsInvalid = (errors: ReadableFieldError[]) => ComponentErrorCatalog.componentsInvalid({ errors });
