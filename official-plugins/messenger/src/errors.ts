import { defineErrors } from '@bacon/sdk';

/** What the Messenger channel answers when a send cannot go (shown on the message in the console). */
export const MessengerErrors = defineErrors('messenger', {
  notConfigured: {
    code: 'messenger_not_configured',
    status: 422,
    message: 'Set the page id and the page access token in the Messenger settings.',
  },
  windowClosed: {
    code: 'messenger_window_closed',
    status: 422,
    message: "Messenger allows replies only within 24 hours of the person's last message, unless the human agent tag is enabled.",
  },
  rateLimited: { code: 'messenger_rate_limited', status: 429, message: 'Meta is rate limiting sends.', retryable: true },
  unavailable: { code: 'messenger_unavailable', status: 503, message: 'The Send API is not answering.', retryable: true },
  rejected: { code: 'messenger_rejected', status: 422, message: 'The Send API refused the message.' },
});
