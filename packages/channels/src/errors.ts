import { defineErrors } from '@bacon/sdk';

/** The channels plugin's own refusals (the widget API and channel webhooks). */
export const ChannelErrors = defineErrors('channels', {
  attachmentTooLarge: { code: 'attachment_too_large', status: 400, message: 'The attachment is too large.' },
  attachmentTypeRefused: {
    code: 'attachment_type_refused',
    status: 415,
    message: 'This kind of file cannot be attached here.',
  },
  attachmentNameInvalid: {
    code: 'attachment_name_invalid',
    status: 400,
    message: "The attachment's name must be 1 to 200 characters, without control characters or slashes.",
  },
  attachmentContentMismatch: {
    code: 'attachment_content_mismatch',
    status: 400,
    message: "The file's content does not match its declared type.",
  },
  contrastTooLow: {
    code: 'widget_contrast_low',
    status: 400,
    message: 'The text colour is hard to read on the accent colour (below the WCAG AA contrast of 4.5:1).',
  },
  timeZoneUnknown: { code: 'widget_time_zone_unknown', status: 400, message: 'The office hours name an unknown time zone.' },
  preChatMissing: { code: 'widget_pre_chat_missing', status: 400, message: 'This site asks for your name or email before a chat.' },
  attachmentEmpty: { code: 'attachment_empty', status: 400, message: 'The attachment is empty.' },
  attachmentNotFound: { code: 'attachment_not_found', status: 404, message: 'No such attachment.' },
  attachmentOtherConversation: {
    code: 'attachment_other_conversation',
    status: 400,
    message: 'The file was uploaded for another conversation: upload it to this one.',
  },
  attachmentNotUpload: {
    code: 'attachment_not_upload',
    status: 400,
    message: "A note's file must be an upload (its url as POST /channels/conversations/:id/attachments answered).",
  },
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
