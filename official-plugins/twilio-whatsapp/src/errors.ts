import { defineErrors } from '@bacon/sdk';

/** What the WhatsApp channel answers when a send cannot go (shown on the message in the console). */
export const WhatsAppErrors = defineErrors('twilio-whatsapp', {
  notConfigured: {
    code: 'whatsapp_not_configured',
    status: 422,
    message: 'Set the Account SID, the auth token and a sender number or Messaging Service SID in the WhatsApp settings.',
  },
  windowClosed: {
    code: 'whatsapp_window_closed',
    status: 422,
    message: "WhatsApp allows free-form replies only within 24 hours of the customer's last message; send an approved template.",
  },
  templateUnknown: {
    code: 'whatsapp_template_unknown',
    status: 400,
    message: 'Not one of the approved templates in the WhatsApp settings.',
  },
  rateLimited: { code: 'twilio_rate_limited', status: 429, message: 'Twilio is rate limiting sends.', retryable: true },
  unavailable: { code: 'twilio_unavailable', status: 503, message: 'Twilio is not answering.', retryable: true },
  rejected: { code: 'twilio_rejected', status: 422, message: 'Twilio refused the message.' },
});
