import { defineErrors } from '@bacon/sdk';

/** The channels plugin's own refusals (the widget API and channel webhooks). */
export const ChannelErrors = defineErrors('channels', {
  attachmentTooLarge: { code: 'attachment_too_large', status: 400, message: 'The attachment is too large.' },
});
