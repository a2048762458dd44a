import { defineErrors } from '@bacon/sdk';

/** The channels plugin's own refusals (the widget API and channel webhooks). */
export const ChannelErrors = defineErrors('channels', {
  attachmentTooLarge: { code: 'attachment_too_large', status: 400, message: 'The attachment is too large.' },
  channelNotFound: { code: 'channel_not_found', status: 404, message: 'No channel plugin with this id is running.' },
  signatureInvalid: { code: 'channel_signature_invalid', status: 403, message: "The webhook's signature does not match." },
  ipRefused: {
    code: 'channel_ip_refused',
    status: 403,
    message: "The webhook comes from an address outside this channel's allow-list.",
  },
  overloaded: {
    code: 'channel_overloaded',
    status: 503,
    message: 'Too many webhooks are being processed; retry after the given delay.',
    retryable: true,
  },
  sendInvalid: { code: 'channel_send_invalid', status: 502, message: 'The channel adapter answered no provider message id.' },
  windowInvalid: { code: 'channel_window_invalid', status: 502, message: 'The channel adapter answered no valid customer-service window.' },
  windowClosed: {
    code: 'channel_window_closed',
    status: 409,
    message: "The channel's reply window is closed: only its approved templates may be sent.",
  },
  handshakeUnsupported: { code: 'channel_handshake_unsupported', status: 404, message: 'This channel answers no verification handshake.' },
});
